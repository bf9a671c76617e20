/**
 * The exercise flow on real sandbox clusters with the course's real exercises and graders: start, check
 * (French failures), fix through the cluster's API client, check again (full score), progress recorded and
 * pushed to the workshop grid; hints and solution recorded; continuous checks and the cluster map over
 * server-sent events; isolation between learners.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applySteps } from '../../exercises/src/apply';
import { loadExercise } from '../../exercises/src/format';
import { createExerciseCatalogue, EXERCISES_ROOT } from '../src/exercises/catalogue';
import type { CheckReport } from '../src/exercises/grading';
import type { ClusterSnapshot } from '../src/cluster-view/snapshot';
import { cookieOf, INSTRUCTOR_TOKEN, testPlatform, type TestPlatform } from './support/services';
import { readSse } from './support/sse';

const catalogue = createExerciseCatalogue();
const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform({ exercises: catalogue, sseHeartbeatMs: 200, ...args[0] });
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

const as = (cookie: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), cookie },
});
const instructor = { authorization: `Bearer ${INSTRUCTOR_TOKEN}`, 'content-type': 'application/json' };

async function learner(p: TestPlatform) {
  const res = await p.app.request('/api/sandboxes', { method: 'POST' });
  expect(res.status).toBe(201);
  return { cookie: cookieOf(res), sandbox: (await res.json()) as { id: string } };
}

const EXERCISE = '04-pods/premier-pod';
const solution = loadExercise(path.join(EXERCISES_ROOT, EXERCISE), '04-pods').solution;

/** fix applies the reference solution through the sandbox cluster's API client (what kubectl would do). */
async function fix(p: TestPlatform, sandboxId: string) {
  const cluster = await p.services.sandboxes.acquire(sandboxId);
  await applySteps(cluster.client, 'default', solution);
}

/** checkUntilPassed checks (recorded attempts) until the grader passes: the pod needs a moment to be Ready. */
async function checkUntilPassed(p: TestPlatform, url: string, cookie: string): Promise<CheckReport> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await p.app.request(url, as(cookie, { method: 'POST' }));
    expect(res.status).toBe(200);
    const report = (await res.json()) as CheckReport;
    if (report.passed || Date.now() > deadline) return report;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('exercise API on real clusters', () => {
  it('start → check fails in French → fix → check passes → attempt recorded and grid updated live', async () => {
    const p = platform();
    const created = await p.app.request('/api/workshops', {
      method: 'POST',
      headers: instructor,
      body: JSON.stringify({ title: 'Atelier Pods' }),
    });
    const workshop = (await created.json()) as { id: string; code: string };
    const { cookie, sandbox } = await learner(p);
    const joined = await p.app.request(
      '/api/join',
      as(cookie, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: workshop.code, displayName: 'Alice' }),
      }),
    );
    expect(joined.status).toBe(200);
    const live = readSse(
      await p.app.request(`/api/workshops/${workshop.id}/events`, { headers: instructor }),
    );

    const list = (await (await p.app.request('/api/exercises', as(cookie))).json()) as {
      exercises: { id: string; status: string; maxScore: number; hintsTotal: number }[];
    };
    expect(list.exercises.map((e) => e.id)).toEqual(catalogue.list().map((e) => e.id));
    const listed = list.exercises.find((e) => e.id === EXERCISE)!;
    expect(listed).toMatchObject({ status: 'a-faire', hintsTotal: 3 });
    expect(listed.maxScore).toBeGreaterThan(0);

    const base = `/api/sandboxes/${sandbox.id}/exercises/${EXERCISE}`;
    const started = await p.app.request(`${base}/start`, as(cookie, { method: 'POST' }));
    expect(started.status).toBe(200);
    const start = (await started.json()) as {
      sandbox: { exerciseId: string; state: string };
      exercise: object;
    };
    expect(start.sandbox).toMatchObject({ exerciseId: EXERCISE, state: 'ready' });
    expect(start.exercise).toMatchObject({ id: EXERCISE, status: 'en-cours', attempts: 0, score: null });

    const failed = await p.app.request(`${base}/check`, as(cookie, { method: 'POST' }));
    expect(failed.status).toBe(200);
    const failure = (await failed.json()) as CheckReport;
    expect(failure).toMatchObject({ exerciseId: EXERCISE, passed: false, score: 0 });
    expect(new Date(failure.checkedAt).toString()).not.toBe('Invalid Date');
    const existe = failure.checks.find((c) => c.id === 'pod-existe')!;
    expect(existe).toMatchObject({ passed: false, points: 0 });
    expect(existe.message).toMatch(/Attendu|absent|introuvable|n'existe/i);
    await live.next((e) => e.event === 'progress');

    await fix(p, sandbox.id);
    const success = await checkUntilPassed(p, `${base}/check`, cookie);
    expect(success.passed).toBe(true);
    expect(success.score).toBe(success.maxScore);
    expect(success.checks.every((c) => c.passed && c.points === c.maxPoints)).toBe(true);

    const detail = (await (await p.app.request(`/api/exercises/${EXERCISE}`, as(cookie))).json()) as {
      status: string;
      score: number;
      attempts: number;
      statement: string;
      hints: string[];
    };
    expect(detail).toMatchObject({ status: 'reussi', score: success.maxScore, hints: [] });
    expect(detail.attempts).toBeGreaterThanOrEqual(2);
    expect(detail.statement).toContain('Pod');

    const grid = (await (
      await p.app.request(`/api/workshops/${workshop.id}/grid`, { headers: instructor })
    ).json()) as { rows: { exercises: Record<string, { status: string; score: number }> }[] };
    expect(grid.rows[0].exercises[EXERCISE]).toMatchObject({ status: 'passed', score: success.maxScore });

    const learnerId = (await p.services.sandboxes.get(sandbox.id))!.learnerId;
    const seen = (await (
      await p.app.request(`/api/workshops/${workshop.id}/learners/${learnerId}`, { headers: instructor })
    ).json()) as {
      learner: { displayName: string };
      sandbox: { id: string };
      exercises: { id: string; lastCheck: CheckReport | null; timeSpentSeconds: number }[];
    };
    expect(seen.learner.displayName).toBe('Alice');
    expect(seen.sandbox.id).toBe(sandbox.id);
    expect(seen.exercises.find((e) => e.id === EXERCISE)!.lastCheck).toMatchObject({ passed: true });
    expect(seen.exercises.find((e) => e.id !== EXERCISE)!.lastCheck).toBeNull();
    await live.close();
  });

  it('records hints one at a time and the solution as revealed', async () => {
    const p = platform();
    const { cookie, sandbox } = await learner(p);
    const base = `/api/sandboxes/${sandbox.id}/exercises/${EXERCISE}`;
    const total = catalogue.exercise(EXERCISE)!.hints.length;
    for (let i = 1; i <= total + 1; i++) {
      const res = await p.app.request(`${base}/hints`, as(cookie, { method: 'POST' }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { hints: string[]; remaining: number };
      expect(body.hints).toEqual(catalogue.exercise(EXERCISE)!.hints.slice(0, Math.min(i, total)));
      expect(body.remaining).toBe(Math.max(0, total - i));
    }
    const before = (await (await p.app.request(`/api/exercises/${EXERCISE}`, as(cookie))).json()) as {
      hints: string[];
      solutionRevealed: boolean;
      hintsRevealed: number;
    };
    expect(before).toMatchObject({ hintsRevealed: total, solutionRevealed: false });
    expect(before.hints).toHaveLength(total);

    const res = await p.app.request(`${base}/solution`, as(cookie, { method: 'POST' }));
    expect(res.status).toBe(200);
    const sol = (await res.json()) as {
      commands: string | null;
      manifests: { name: string; content: string }[];
    };
    expect(sol.commands).toContain('kubectl run web');
    expect(sol.manifests).toEqual([{ name: 'pod.yaml', content: expect.stringContaining('nginx:1.25') }]);
    const after = (await (await p.app.request('/api/exercises', as(cookie))).json()) as {
      exercises: { id: string; solutionRevealed: boolean; status: string }[];
    };
    expect(after.exercises.find((e) => e.id === EXERCISE)).toMatchObject({
      solutionRevealed: true,
      status: 'en-cours',
    });
    // Unknown exercises are 404 in French; the statement route never shows unrevealed hints.
    const unknown = await p.app.request(
      `${base.replace('premier-pod', 'inconnu')}/hints`,
      as(cookie, { method: 'POST' }),
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain("n'existe pas");
  });

  it('streams continuous checks: a failing report at connect, a passing one after the fix, no attempt counted', async () => {
    const p = platform();
    const { cookie, sandbox } = await learner(p);
    const base = `/api/sandboxes/${sandbox.id}/exercises/${EXERCISE}`;
    expect((await p.app.request(`${base}/start`, as(cookie, { method: 'POST' }))).status).toBe(200);
    const res = await p.app.request(`${base}/events`, as(cookie));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const stream = readSse(res);
    const first = await stream.next((e) => e.event === 'check');
    expect((first.data as CheckReport).passed).toBe(false);
    await fix(p, sandbox.id);
    const passing = await stream.next((e) => e.event === 'check' && (e.data as CheckReport).passed);
    expect((passing.data as CheckReport).score).toBe((passing.data as CheckReport).maxScore);
    expect(p.services.feeds.watchCount()).toBeGreaterThan(0);
    await stream.close();
    // The client left: the shared watches stop and the watch slot is given back.
    for (
      let i = 0;
      i < 200 && (p.services.feeds.watchCount() > 0 || p.services.watchQuota.count(sandbox.id) > 0);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(p.services.feeds.feedCount()).toBe(0);
    expect(p.services.feeds.watchCount()).toBe(0);
    expect(p.services.watchQuota.count(sandbox.id)).toBe(0);
    const item = (await (await p.app.request(`/api/exercises/${EXERCISE}`, as(cookie))).json()) as {
      attempts: number;
    };
    expect(item.attempts).toBe(0);
  });

  it('streams cluster snapshots: 3 nodes, then the learner’s pod with the scheduler’s explanation', async () => {
    const p = platform();
    const { cookie, sandbox } = await learner(p);
    const stream = readSse(await p.app.request(`/api/sandboxes/${sandbox.id}/cluster/events`, as(cookie)));
    const first = (await stream.next((e) => e.event === 'snapshot')).data as ClusterSnapshot;
    expect(first.nodes).toHaveLength(3);
    expect(first.nodes.every((n) => n.ready)).toBe(true);
    expect(first.nodes.find((n) => n.roles.includes('control-plane'))?.taints).toEqual([
      'node-role.kubernetes.io/control-plane:NoSchedule',
    ]);
    await fix(p, sandbox.id);
    const withPod = (
      await stream.next(
        (e) =>
          e.event === 'snapshot' &&
          (e.data as ClusterSnapshot).pods.some((pod) => pod.name === 'web' && pod.ready),
      )
    ).data as ClusterSnapshot;
    const web = withPod.pods.find((pod) => pod.name === 'web')!;
    expect(web).toMatchObject({
      namespace: 'default',
      phase: 'Running',
      labels: { app: 'web' },
      owner: null,
    });
    expect(web.node).toMatch(/.+/);
    expect(web.scheduling).toContain(`Placé sur ${web.node}`);
    // A reset shows up as sandbox state changes on the same stream.
    await p.app.request(`/api/sandboxes/${sandbox.id}/reset`, as(cookie, { method: 'POST' }));
    await stream.next((e) => e.event === 'sandbox' && (e.data as { state: string }).state === 'ready');
    await stream.next(
      (e) => e.event === 'snapshot' && !(e.data as ClusterSnapshot).pods.some((pod) => pod.name === 'web'),
    );
    await stream.close();
  });

  it('keeps learners apart: B gets 403 on A’s exercise, map and event routes', async () => {
    const p = platform();
    const a = await learner(p);
    const b = await learner(p);
    const base = `/api/sandboxes/${a.sandbox.id}`;
    for (const [method, url] of [
      ['POST', `${base}/exercises/${EXERCISE}/start`],
      ['POST', `${base}/exercises/${EXERCISE}/check`],
      ['POST', `${base}/exercises/${EXERCISE}/hints`],
      ['POST', `${base}/exercises/${EXERCISE}/solution`],
      ['GET', `${base}/exercises/${EXERCISE}/events`],
      ['GET', `${base}/cluster/events`],
      // Even for an exercise that does not exist: a stranger learns nothing about the sandbox.
      ['POST', `${base}/exercises/04-pods/inconnu/check`],
    ] as const) {
      const res = await p.app.request(url, as(b.cookie, { method }));
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('forbidden');
      const anonymous = await p.app.request(url, { method });
      expect(anonymous.status).toBe(401);
    }
    const missing = await p.app.request(`/api/sandboxes/nope/cluster/events`, as(b.cookie));
    expect(missing.status).toBe(404);
    // Nothing of A's was recorded by B's attempts.
    const progress = await p.services.workshops.detailsOf(
      (await p.services.sandboxes.get(a.sandbox.id))!.learnerId,
    );
    expect(progress.size).toBe(0);
  });

  it('refuses a third live stream of a sandbox with a French 429 when the watch quota is 2', async () => {
    const p = platform({ limits: { maxWatches: 2 } });
    const { cookie, sandbox } = await learner(p);
    const one = readSse(await p.app.request(`/api/sandboxes/${sandbox.id}/cluster/events`, as(cookie)));
    const two = readSse(
      await p.app.request(`/api/sandboxes/${sandbox.id}/exercises/${EXERCISE}/events`, as(cookie)),
    );
    const third = await p.app.request(`/api/sandboxes/${sandbox.id}/cluster/events`, as(cookie));
    expect(third.status).toBe(429);
    expect(((await third.json()) as { message: string }).message).toMatch(/^Trop de suivis ouverts/);
    await one.close();
    await two.close();
    for (let i = 0; i < 200 && p.services.watchQuota.count(sandbox.id) > 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(p.services.watchQuota.count(sandbox.id)).toBe(0);
  });
});
