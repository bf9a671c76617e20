/**
 * Two real platform processes sharing one PostgreSQL database (DATABASE_URL), as behind deploy/router:
 * a workshop made on one replica is joined through the other, the learner's cookie is valid on both (the
 * generated session secret is shared), and the instructor's roster on either shows the learner's sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../src/db/testing/postgres-server';
import { openPostgresDb } from '../src/db/postgres/postgres-db';
import { type RunningPlatform, startPlatform } from './support/platform';
import { testPlatform } from './support/services';

const skip = postgresSkipReason();
if (skip) console.warn(skip);

const INSTRUCTOR_TOKEN = 'formateur-0123456789';

describe.skipIf(skip !== undefined)('replicas sharing PostgreSQL', () => {
  let server: TestPostgres;
  const platforms: RunningPlatform[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    for (const p of platforms.splice(0)) await p.stop();
    await server?.stop();
  });

  it('shares workshops, learners, cookies and sandbox records between replicas', async () => {
    const url = await server.createDatabase();
    const env = { DATABASE_URL: url, INSTRUCTOR_TOKEN };
    const [a, b] = await Promise.all([startPlatform(env), startPlatform(env)]);
    platforms.push(a, b);
    const instructor = { authorization: `Bearer ${INSTRUCTOR_TOKEN}`, 'content-type': 'application/json' };

    const created = await fetch(`${a.url}/api/workshops`, {
      method: 'POST',
      headers: instructor,
      body: JSON.stringify({ title: 'Atelier partagé' }),
    });
    expect(created.status).toBe(201);
    const workshop = (await created.json()) as { id: string; code: string };

    const joined = await fetch(`${b.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: workshop.code, displayName: 'Alice' }),
    });
    expect(joined.status).toBe(200);
    const cookie = joined.headers.get('set-cookie')!.split(';')[0];

    const sandbox = await fetch(`${b.url}/api/sandboxes`, { method: 'POST', headers: { cookie } });
    expect(sandbox.status).toBe(201);
    const { id } = (await sandbox.json()) as { id: string };
    // The cookie made by B is recognised by A (same secret, same learners table).
    const seen = await fetch(`${a.url}/api/sandboxes/${id}`, { headers: { cookie } });
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ id, state: 'ready' });

    const roster = await fetch(`${a.url}/api/workshops/${workshop.id}`, { headers: instructor });
    expect(await roster.json()).toMatchObject({
      members: [{ displayName: 'Alice', sandboxId: id, sandboxState: 'ready' }],
    });
  });

  it('streams to the instructor on one replica the live events of learners on the other', async () => {
    const url = await server.createDatabase();
    const env = { DATABASE_URL: url, INSTRUCTOR_TOKEN };
    const [a, b] = await Promise.all([startPlatform(env), startPlatform(env)]);
    platforms.push(a, b);
    const instructor = { authorization: `Bearer ${INSTRUCTOR_TOKEN}`, 'content-type': 'application/json' };
    const workshop = (await (
      await fetch(`${a.url}/api/workshops`, {
        method: 'POST',
        headers: instructor,
        body: JSON.stringify({ title: 'Atelier en direct' }),
      })
    ).json()) as { id: string; code: string };
    const abort = new AbortController();
    const stream = await fetch(`${a.url}/api/workshops/${workshop.id}/events`, {
      headers: instructor,
      signal: abort.signal,
    });
    const reader = stream.body!.getReader();
    let text = '';
    const waitFor = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await waitFor(/event: ready/);
    const joined = await fetch(`${b.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: workshop.code, displayName: 'Bérénice' }),
    });
    expect(joined.status).toBe(200);
    await waitFor(/event: member-joined\ndata: .*Bérénice/);
    // Exactly once: the replica that published does not receive its own event back.
    const cookie = joined.headers.get('set-cookie')!.split(';')[0];
    await fetch(`${b.url}/api/sandboxes`, { method: 'POST', headers: { cookie } });
    await waitFor(/"state":"ready"/);
    expect(text.match(/event: member-joined/g)).toHaveLength(1);
    abort.abort();
  });

  it('lets each replica recover and expire only the sandboxes it holds', async () => {
    const db = await openPostgresDb(await server.createDatabase());
    const [a, b] = [testPlatform({ db }), testPlatform({ db })];
    try {
      for (const [p, learner] of [
        [a, 'alice'],
        [b, 'bob'],
      ] as const) {
        await db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', [learner]);
        await p.services.sandboxes.ensureFor(learner);
      }
      const alice = (await a.services.sandboxes.forLearner('alice'))!;
      const bob = (await b.services.sandboxes.forLearner('bob'))!;
      // B restarting puts to sleep its own sandbox only: Alice's still runs on A.
      expect(await b.services.sandboxes.recover()).toBe(1);
      expect((await a.services.sandboxes.get(alice.id))?.state).toBe('ready');
      expect((await a.services.sandboxes.get(bob.id))?.state).toBe('sleeping');
      // Past their lifetime, B's sweep expires Bob's sandbox only; A's then expires Alice's.
      a.clock.now += 2 * 3_600_000;
      b.clock.now += 2 * 3_600_000;
      expect((await b.services.sandboxes.sweep()).expired).toEqual([bob.id]);
      expect((await a.services.sandboxes.get(alice.id))?.state).toBe('ready');
      expect((await a.services.sandboxes.sweep()).expired).toEqual([alice.id]);
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });

  it('refuses to start in French when PostgreSQL cannot be reached', async () => {
    await expect(startPlatform({ DATABASE_URL: 'postgres://atelier@127.0.0.1:1/none' })).rejects.toThrow(
      /Base de données inaccessible/,
    );
  });
});
