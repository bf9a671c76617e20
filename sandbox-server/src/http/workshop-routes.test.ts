import { afterEach, describe, expect, it } from 'vitest';
import { cookieOf, INSTRUCTOR_TOKEN, testPlatform, type TestPlatform } from '../../test/support/services';
import { CODE_ALPHABET } from '../workshops/store';

const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform(...args);
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

const instructor = { authorization: `Bearer ${INSTRUCTOR_TOKEN}`, 'content-type': 'application/json' };
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** readEvents collects the SSE events of a stream until `count` have arrived. */
async function readEvents(res: Response, count: number): Promise<{ event: string; data: unknown }[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

describe('workshop routes', () => {
  it('runs a workshop with an instructor and two learners', async () => {
    const p = platform({
      exercises: {
        list: () => [
          { id: 'pods-1', title: 'Premier pod' },
          { id: 'deploy-1', title: 'Déploiement, « rollout »' },
        ],
        startingState: async (id) =>
          id === 'pods-1'
            ? { manifests: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'atelier' } }] }
            : undefined,
      },
    });
    const created = await p.app.request('/api/workshops', post({ title: 'Atelier du lundi' }, instructor));
    expect(created.status).toBe(201);
    const workshop = (await created.json()) as { id: string; code: string };
    expect(workshop.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));

    const stream = await p.app.request(`/api/workshops/${workshop.id}/events`, { headers: instructor });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const live = readEvents(stream, 4);

    const alice = await p.app.request(
      '/api/join',
      post({ code: workshop.code.toLowerCase(), displayName: 'Alice' }),
    );
    expect(alice.status).toBe(200);
    expect(await alice.json()).toEqual({
      workshopId: workshop.id,
      title: 'Atelier du lundi',
      displayName: 'Alice',
    });
    const aliceCookie = cookieOf(alice);
    const bob = await p.app.request(
      '/api/join',
      post({ code: workshop.code, displayName: 'Bob, "le grand"' }),
    );
    const bobCookie = cookieOf(bob);
    const aliceBox = await p.app.request('/api/sandboxes', {
      method: 'POST',
      headers: { cookie: aliceCookie },
    });
    expect(aliceBox.status).toBe(201);
    const aliceSandbox = (await aliceBox.json()) as { id: string };
    await p.app.request('/api/sandboxes', { method: 'POST', headers: { cookie: bobCookie } });

    const events = await live;
    expect(events.map((e) => e.event)).toEqual(['ready', 'member-joined', 'member-joined', 'sandbox']);
    expect(events[1].data).toMatchObject({ displayName: 'Alice' });

    const roster = (await (
      await p.app.request(`/api/workshops/${workshop.id}`, { headers: instructor })
    ).json()) as {
      members: { learnerId: string; displayName: string; sandboxState: string }[];
    };
    expect(roster.members.map((m) => [m.displayName, m.sandboxState])).toEqual([
      ['Alice', 'ready'],
      ['Bob, "le grand"', 'ready'],
    ]);
    const aliceId = roster.members[0].learnerId;

    // The instructor starts Alice on an exercise; the grading issue records her attempts.
    const reset = await p.app.request(
      `/api/workshops/${workshop.id}/learners/${aliceId}/reset`,
      post({ exerciseId: 'pods-1' }, instructor),
    );
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ id: aliceSandbox.id, exerciseId: 'pods-1', state: 'ready' });
    p.clock.now += 90_000;
    await p.services.workshops.recordAttempt(aliceId, 'pods-1', { score: 3, maxScore: 5, passed: false });
    await p.services.workshops.recordAttempt(aliceId, 'pods-1', { score: 5, maxScore: 5, passed: true });

    const extend = await p.app.request(
      `/api/workshops/${workshop.id}/learners/${aliceId}/extend`,
      post({ hours: 2 }, instructor),
    );
    expect(extend.status).toBe(200);

    const grid = (await (
      await p.app.request(`/api/workshops/${workshop.id}/grid`, { headers: instructor })
    ).json()) as {
      exercises: { id: string }[];
      rows: {
        displayName: string;
        exercises: Record<string, { status: string; score: number; attempts: number; timeSpentMs: number }>;
      }[];
    };
    expect(grid.exercises.map((e) => e.id)).toEqual(['pods-1', 'deploy-1']);
    expect(grid.rows[0].exercises['pods-1']).toEqual({
      exerciseId: 'pods-1',
      status: 'passed',
      score: 5,
      maxScore: 5,
      attempts: 2,
      timeSpentMs: 90_000,
    });
    expect(grid.rows[1].exercises['pods-1'].status).toBe('not-started');

    const csv = await p.app.request(`/api/workshops/${workshop.id}/grades.csv`, { headers: instructor });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.split('\r\n')).toEqual([
      'Apprenant,Exercice,Titre,Statut,Score,Score maximal,Tentatives,Temps passé (min)',
      'Alice,pods-1,Premier pod,réussi,5,5,2,1.5',
      'Alice,deploy-1,"Déploiement, « rollout »",non commencé,0,0,0,0',
      '"Bob, ""le grand""",pods-1,Premier pod,non commencé,0,0,0,0',
      '"Bob, ""le grand""",deploy-1,"Déploiement, « rollout »",non commencé,0,0,0,0',
      '',
    ]);
  });

  it('requires the instructor token on every instructor route', async () => {
    const p = platform();
    const { id } = (await (
      await p.app.request('/api/workshops', post({ title: 'T' }, instructor))
    ).json()) as { id: string };
    const routes: [string, string][] = [
      ['GET', '/api/workshops'],
      ['POST', '/api/workshops'],
      ['GET', `/api/workshops/${id}`],
      ['GET', `/api/workshops/${id}/grid`],
      ['GET', `/api/workshops/${id}/grades.csv`],
      ['GET', `/api/workshops/${id}/events`],
      ['POST', `/api/workshops/${id}/learners/x/reset`],
      ['POST', `/api/workshops/${id}/learners/x/extend`],
    ];
    for (const [method, path] of routes) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789' }];
      for (const headers of attempts) {
        const res = await p.app.request(path, { method, headers });
        expect([method, path, res.status]).toEqual([method, path, 401]);
        expect(((await res.json()) as { message: string }).message).toContain('réservée à la personne');
      }
    }
  });

  it('disables workshops without INSTRUCTOR_TOKEN and explains unknown codes in French', async () => {
    const p = platform({ instructorToken: '' });
    const res = await p.app.request('/api/workshops', post({ title: 'T' }, instructor));
    expect(res.status).toBe(503);
    const join = await p.app.request('/api/join', post({ code: 'ZZZZZZ', displayName: 'Alice' }));
    expect(join.status).toBe(404);
    expect(((await join.json()) as { message: string }).message).toBe(
      'Aucun atelier ne porte le code « ZZZZZZ ». Vérifiez le code donné par la personne qui anime l’atelier.',
    );
    const invalid = await p.app.request('/api/join', post({ code: 'ABCDEF' }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(
      /^Requête invalide : displayName/,
    );
  });
});
