import { describe, expect, it } from 'vitest';
import type { FetchLike } from './http';
import { InstructorClient } from './instructor-client';

type Call = { method: string; url: string; body?: string; authorization?: string };

function recorder(table: Record<string, [number, unknown]>) {
  const calls: Call[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method, url, body: init?.body as string | undefined, authorization: headers.authorization });
    const [status, body] = table[`${method} ${url}`] ?? [
      404,
      { error: 'not_found', message: 'Introuvable.' },
    ];
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  return { fetchFn, calls };
}

const DETAIL = {
  learner: { id: 'l1', displayName: 'Alice', joinedAt: '2026-01-01T09:00:00Z' },
  sandbox: {
    id: 's1',
    state: 'ready',
    nodes: 3,
    exerciseId: null,
    createdAt: '',
    lastActiveAt: '',
    expiresAt: '2026-01-01T13:00:00Z',
    links: {},
  },
  exercises: [
    {
      id: '04-pods/premier-pod',
      chapter: '04-pods',
      slug: 'premier-pod',
      title: 'Premier Pod',
      minutes: 5,
      level: 'guidé',
      objectives: [],
      status: 'reussi',
      score: 10,
      maxScore: 10,
      attempts: 1,
      hintsRevealed: 1,
      hintsTotal: 2,
      solutionRevealed: false,
      lastCheck: {
        exerciseId: '04-pods/premier-pod',
        passed: true,
        score: 10,
        maxScore: 10,
        checkedAt: '2026-01-01T09:10:00Z',
        durationMs: 20,
        checks: [],
      },
      timeSpentSeconds: 600,
    },
  ],
};

describe('InstructorClient', () => {
  it('signs in with the token as a Bearer header, and reads the session', async () => {
    const { fetchFn, calls } = recorder({
      'POST /api/instructor/session': [204, undefined],
      'GET /api/instructor/session': [401, { error: 'instructor_required', message: 'Identifiez-vous.' }],
    });
    const client = new InstructorClient(fetchFn);
    expect(await client.signIn('secret-token-1234567')).toEqual({ ok: true, value: true });
    expect(calls[0]!.authorization).toBe('Bearer secret-token-1234567');
    expect(await client.session()).toEqual({ ok: true, value: false });
  });

  it('creates a workshop, reads the learner detail, resets and extends', async () => {
    const workshop = { id: 'w1', code: 'K7Q2MX', title: 'Atelier', createdAt: '2026-01-01T08:00:00Z' };
    const sandbox = DETAIL.sandbox;
    const { fetchFn, calls } = recorder({
      'POST /api/workshops': [201, workshop],
      'GET /api/workshops/w1/learners/l1': [200, DETAIL],
      'POST /api/workshops/w1/learners/l1/reset': [200, sandbox],
      'POST /api/workshops/w1/learners/l1/extend': [200, sandbox],
      'POST /api/join': [200, { workshopId: 'w1', title: 'Atelier', displayName: 'Alice' }],
    });
    const client = new InstructorClient(fetchFn);
    const created = await client.create('Atelier');
    expect(created.ok && created.value.code).toBe('K7Q2MX');
    const detail = await client.learner('w1', 'l1');
    expect(detail.ok && detail.value.exercises[0]!.lastCheck?.passed).toBe(true);
    expect(detail.ok && detail.value.sandbox?.state).toBe('ready');
    expect((await client.reset('w1', 'l1')).ok).toBe(true);
    expect((await client.extend('w1', 'l1', 2)).ok).toBe(true);
    expect(calls.find((c) => c.url.endsWith('/extend'))!.body).toBe('{"hours":2}');
    const joined = await client.join('K7Q2MX', 'Alice');
    expect(joined.ok && joined.value.workshopId).toBe('w1');
    expect(client.terminalPath('w1', 'l1')).toBe('/api/workshops/w1/learners/l1/terminal');
  });

  it('passes the server’s French message through', async () => {
    const { fetchFn } = recorder({
      'POST /api/join': [404, { error: 'workshop_code_unknown', message: 'Aucun atelier n’a le code ZZZ.' }],
    });
    const joined = await new InstructorClient(fetchFn).join('ZZZ', 'Alice');
    expect(!joined.ok && joined.message).toBe('Aucun atelier n’a le code ZZZ.');
  });
});
