import { describe, expect, it } from 'vitest';
import { ExercisesClient } from './exercises-client';
import type { FetchLike } from './http';

/** Payloads shaped exactly like the shared HTTP contract of the exercise routes. */
const ITEM = {
  id: '05-controleurs/mettre-a-l-echelle',
  chapter: '05-controleurs',
  slug: 'mettre-a-l-echelle',
  title: "Mettre un Deployment à l'échelle",
  minutes: 5,
  level: 'guidé',
  objectives: ['Changer le nombre de réplicas d’un Deployment'],
  status: 'en-cours',
  score: null,
  maxScore: 10,
  attempts: 0,
  hintsRevealed: 0,
  hintsTotal: 2,
  solutionRevealed: false,
};
const SANDBOX = {
  id: 'q3X9kP2mTz1c',
  state: 'ready',
  nodes: 3,
  exerciseId: ITEM.id,
  createdAt: '2026-01-01T10:00:00Z',
  lastActiveAt: '2026-01-01T10:00:00Z',
  expiresAt: '2026-01-02T10:00:00Z',
  links: { self: '', kubeconfig: '', terminal: '', kubernetesApi: '' },
};
const REPORT = {
  exerciseId: ITEM.id,
  passed: false,
  score: 5,
  maxScore: 10,
  checkedAt: '2026-01-01T10:01:00Z',
  durationMs: 31,
  checks: [
    {
      id: 'replicas',
      title: 'Trois réplicas',
      passed: false,
      points: 0,
      maxPoints: 5,
      message: 'Attendu : spec.replicas = 3 ; trouvé : 1',
      precondition: false,
    },
    {
      id: 'existe',
      title: 'Le Deployment existe',
      passed: true,
      points: 5,
      maxPoints: 5,
      message: 'OK',
      precondition: true,
    },
  ],
};

/** recorder answers from a table of "METHOD url" → [status, body] and records the calls. */
function recorder(table: Record<string, [number, unknown]>) {
  const calls: { method: string; url: string; credentials?: RequestCredentials }[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url, credentials: init?.credentials });
    const [status, body] = table[`${method} ${url}`] ?? [
      404,
      { error: 'not_found', message: 'Introuvable.' },
    ];
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  return { fetchFn, calls };
}

describe('ExercisesClient', () => {
  const base = '/api/sandboxes/q3X9kP2mTz1c/exercises/05-controleurs/mettre-a-l-echelle';

  it('lists, starts, checks, reveals hints and the solution on the contract’s routes', async () => {
    const { fetchFn, calls } = recorder({
      'GET /api/exercises': [200, { exercises: [ITEM, { id: 'broken' }] }],
      'GET /api/exercises/05-controleurs/mettre-a-l-echelle': [
        200,
        { ...ITEM, statement: 'Passez à **3**.', hints: [] },
      ],
      [`POST ${base}/start`]: [200, { sandbox: SANDBOX, exercise: ITEM }],
      [`POST ${base}/check`]: [200, REPORT],
      [`POST ${base}/hints`]: [200, { hints: ['`kubectl scale`'], remaining: 1 }],
      [`POST ${base}/solution`]: [
        200,
        { commands: 'kubectl scale deployment web --replicas=3', manifests: [] },
      ],
    });
    const client = new ExercisesClient(fetchFn);
    const list = await client.list();
    expect(list.ok && list.value.map((e) => e.id)).toEqual([ITEM.id]);
    const detail = await client.detail(ITEM.id);
    expect(detail.ok && detail.value.statement).toBe('Passez à **3**.');
    const started = await client.start(SANDBOX.id, ITEM.id);
    expect(started.ok && started.value.sandbox.exerciseId).toBe(ITEM.id);
    const report = await client.check(SANDBOX.id, ITEM.id);
    expect(report.ok && report.value.checks.map((c) => [c.id, c.passed, c.precondition])).toEqual([
      ['replicas', false, false],
      ['existe', true, true],
    ]);
    const hints = await client.nextHint(SANDBOX.id, ITEM.id);
    expect(hints.ok && hints.value).toEqual({ hints: ['`kubectl scale`'], remaining: 1 });
    const solution = await client.solution(SANDBOX.id, ITEM.id);
    expect(solution.ok && solution.value.commands).toBe('kubectl scale deployment web --replicas=3');
    expect(calls.every((c) => c.credentials === 'same-origin')).toBe(true);
    expect(client.eventsUrl(SANDBOX.id, ITEM.id)).toBe(`${base}/events`);
  });

  it('gives the server’s French message on an error, and a generic one otherwise', async () => {
    const { fetchFn } = recorder({
      [`POST ${base}/check`]: [409, { error: 'sandbox_expired', message: 'Votre sandbox a expiré.' }],
      [`POST ${base}/start`]: [500, undefined],
    });
    const client = new ExercisesClient(fetchFn);
    expect(await client.check(SANDBOX.id, ITEM.id)).toEqual({
      ok: false,
      status: 409,
      code: 'sandbox_expired',
      message: 'Votre sandbox a expiré.',
    });
    const start = await client.start(SANDBOX.id, ITEM.id);
    expect(!start.ok && start.message).toBe('Erreur du serveur (HTTP 500).');
  });

  it('reports a payload that does not match the contract, and a network failure', async () => {
    const bad = new ExercisesClient(async () => new Response('{"exercises": 3}', { status: 200 }));
    const list = await bad.list();
    expect(!list.ok && list.code).toBe('bad_payload');
    const down = new ExercisesClient(async () => {
      throw new TypeError('fetch failed');
    });
    const result = await down.list();
    expect(!result.ok && result.message).toMatch(/ne répond pas/);
  });

  it('encodes path segments', async () => {
    const { fetchFn, calls } = recorder({});
    await new ExercisesClient(fetchFn).check('a/b', '04-pods/x y');
    expect(calls[0]!.url).toBe('/api/sandboxes/a%2Fb/exercises/04-pods/x%20y/check');
  });
});
