/**
 * The site's pages in a real browser against the shared HTTP contract, with the contract's routes answered
 * by recorded payloads (Playwright request and WebSocket routing) and everything else by the real
 * platform: the Exercice tab (start with confirmation, live checklist, check report, hints, solution), the
 * Cluster tab (map, focus explanation, textual list), the instructor's grid and learner detail with the
 * read-only terminal. These run before the sandbox-server routes exist; course-site.e2e.test.ts runs the
 * same flows against the real routes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeBrowser } from '../../mini-k8s/src/testing/requirements';
import { type RunningPlatform, startPlatform } from '../../sandbox-server/test/support/platform';

const browserCheck = await probeBrowser();
const enabled = gate(browserCheck, 'REQUIRE_BROWSER');
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const EXERCISE = {
  id: '05-controleurs/mettre-a-l-echelle',
  chapter: '05-controleurs',
  slug: 'mettre-a-l-echelle',
  title: "Mettre un Deployment à l'échelle",
  minutes: 5,
  level: 'guidé',
  objectives: ['Changer le nombre de réplicas d’un Deployment'],
  status: 'a-faire',
  score: null,
  maxScore: 10,
  attempts: 0,
  hintsRevealed: 0,
  hintsTotal: 2,
  solutionRevealed: false,
};
const OTHER = {
  ...EXERCISE,
  id: '05-controleurs/retour-arriere',
  slug: 'retour-arriere',
  title: 'Revenir en arrière',
};
const HINTS = [
  '`kubectl scale` agit sur le nombre de réplicas.',
  '`kubectl scale deployment web --replicas=3`',
];
const report = (passed: boolean) => ({
  exerciseId: EXERCISE.id,
  passed,
  score: passed ? 10 : 5,
  maxScore: 10,
  checkedAt: new Date().toISOString(),
  durationMs: 25,
  checks: [
    {
      id: 'existe',
      title: 'Le Deployment web existe',
      passed: true,
      points: 5,
      maxPoints: 5,
      message: 'Trouvé.',
      precondition: true,
    },
    {
      id: 'replicas',
      title: 'Trois réplicas prêts',
      passed,
      points: passed ? 5 : 0,
      maxPoints: 5,
      message: passed ? '3/3 prêts.' : 'Attendu : spec.replicas = 3 ; trouvé : 1',
      precondition: false,
    },
  ],
});
const pod = (name: string, node: string | null, extra: Record<string, unknown> = {}) => ({
  namespace: 'default',
  name,
  node,
  phase: 'Running',
  ready: true,
  reason: null,
  owner: { kind: 'ReplicaSet', name: 'web-7c9d8f' },
  labels: { app: 'web' },
  scheduling: node ? `Placé sur ${node} : 2 nœuds possibles, meilleur score (ressources libres).` : null,
  ...extra,
});
const node = (name: string, roles: string[] = []) => ({
  name,
  ready: true,
  roles,
  unschedulable: false,
  taints: roles.length ? ['node-role.kubernetes.io/control-plane:NoSchedule'] : [],
  cpu: '2',
  memory: '4Gi',
});
const SNAPSHOT = {
  nodes: [node('controlplane', ['control-plane']), node('node01'), node('node02')],
  pods: [
    pod('web-7c9d8f-4xk2p', 'node01'),
    pod('web-7c9d8f-9hq7z', 'node02'),
    pod('web-7c9d8f-b2m5c', 'node01'),
    pod('batch-1', 'node02', { owner: null, labels: {}, phase: 'Succeeded', ready: false }),
    pod('casse', 'node02', { owner: null, labels: {}, ready: false, reason: 'CrashLoopBackOff' }),
    pod('gourmand', null, {
      owner: null,
      labels: {},
      phase: 'Pending',
      ready: false,
      scheduling: '0/3 nodes are available: 3 Insufficient cpu.',
    }),
  ],
  workloads: [{ namespace: 'default', kind: 'Deployment', name: 'web', replicas: 3, readyReplicas: 3 }],
  services: [
    {
      namespace: 'default',
      name: 'web',
      type: 'ClusterIP',
      clusterIP: '10.96.12.7',
      selector: { app: 'web' },
      readyEndpoints: 3,
    },
  ],
  volumes: [
    {
      namespace: 'default',
      name: 'donnees',
      kind: 'PersistentVolumeClaim',
      phase: 'Bound',
      boundTo: 'pv-donnees',
    },
    {
      namespace: null,
      name: 'pv-donnees',
      kind: 'PersistentVolume',
      phase: 'Bound',
      boundTo: 'default/donnees',
    },
  ],
};

const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
const sse = (route: Route, events: [string, unknown][]) =>
  route.fulfill({
    status: 200,
    contentType: 'text/event-stream',
    body: events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join(''),
  });

describe.skipIf(!enabled)('site pages against recorded contract payloads', () => {
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startPlatform();
    browser = await chromium.launch({
      executablePath: browserCheck.ok ? browserCheck.detail : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const newPage = async (): Promise<Page> =>
    (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();

  it('Exercice tab: start (confirmed), live checklist, check report, hints, solution', async () => {
    const page = await newPage();
    const calls: string[] = [];
    let state = { ...EXERCISE };
    let hints = 0;
    await page.route(
      (url) =>
        url.pathname.startsWith('/api/exercises') ||
        /\/api\/sandboxes\/[^/]+\/exercises\//.test(url.pathname),
      async (route) => {
        const { pathname } = new URL(route.request().url());
        const method = route.request().method();
        calls.push(`${method} ${pathname.replace(/sandboxes\/[^/]+/, 'sandboxes/:id')}`);
        if (pathname === '/api/exercises') return json(route, { exercises: [state, OTHER] });
        if (pathname === `/api/exercises/${EXERCISE.id}`)
          return json(route, {
            ...state,
            statement: 'Le Deployment `web` n’a qu’un réplica. Passez-le à **3 réplicas**.',
            hints: HINTS.slice(0, hints),
          });
        if (pathname === `/api/exercises/${OTHER.id}`)
          return json(route, { ...OTHER, statement: 'Autre.', hints: [] });
        if (pathname.endsWith('/start')) {
          state = { ...state, status: 'en-cours' };
          return json(route, {
            sandbox: {
              id: 'x',
              state: 'ready',
              nodes: 3,
              exerciseId: EXERCISE.id,
              createdAt: '',
              lastActiveAt: '',
              expiresAt: '',
              links: {},
            },
            exercise: state,
          });
        }
        if (pathname.endsWith('/events')) return sse(route, [['check', report(false)]]);
        if (pathname.endsWith('/check')) return json(route, report(true));
        if (pathname.endsWith('/hints')) {
          hints++;
          return json(route, { hints: HINTS.slice(0, hints), remaining: HINTS.length - hints });
        }
        if (pathname.endsWith('/solution'))
          return json(route, { commands: 'kubectl scale deployment web --replicas=3', manifests: [] });
        return json(route, { error: 'not_found', message: 'Introuvable.' }, 404);
      },
    );
    await page.goto(`${platform.url}/cours/05-controleurs/01-replicasets-et-deployments/`);
    const lab = page.getByRole('complementary', { name: 'Lab' });
    await lab.getByRole('tab', { name: 'Exercice' }).click();
    await lab.getByRole('heading', { name: EXERCISE.title }).waitFor();
    await expect(lab.locator('.exercise-detail .statement strong').textContent()).resolves.toBe('3 réplicas');
    await expect(
      lab.getByRole('button', { name: /Revenir en arrière/ }).getAttribute('aria-pressed'),
    ).resolves.toBe('false');

    // « Démarrer » asks first; cancelling sends nothing.
    await lab.getByRole('button', { name: 'Démarrer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Démarrer l’exercice ?' });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(calls.some((c) => c.endsWith('/start'))).toBe(false);
    await lab.getByRole('button', { name: 'Démarrer' }).click();
    await dialog.getByRole('button', { name: 'Réinitialiser et démarrer' }).click();
    await expect.poll(() => lab.locator('[data-message]').textContent()).toMatch(/Exercice démarré/);

    // The continuous checks stream in; the live checklist shows ✓ and ✗ with points and messages.
    const live = lab.locator('[data-live-checks] li');
    await expect.poll(() => live.count()).toBe(2);
    await expect(live.nth(1).getAttribute('data-passed')).resolves.toBe('false');
    await expect(live.nth(1).textContent()).resolves.toMatch(/Attendu : spec\.replicas = 3 ; trouvé : 1/);

    await lab.getByRole('button', { name: 'Vérifier' }).click();
    await expect
      .poll(() => lab.locator('[data-report] .report-summary').textContent())
      .toMatch(/^Exercice réussi ! 2 vérifications sur 2 réussies · score 10 \/ 10\./);
    await expect(
      lab.locator('.exercise-choice[aria-pressed="true"] .status-pill').textContent(),
    ).resolves.toBe('réussi');
    await expect(lab.locator('[data-score]').textContent()).resolves.toBe('Score : 10 / 10 · 1 vérification');

    await lab.getByRole('button', { name: 'Afficher un indice (2 restants)' }).click();
    await expect.poll(() => lab.locator('[data-hints] li').count()).toBe(1);
    await lab.getByRole('button', { name: 'Indice suivant (1 restant)' }).click();
    await expect.poll(() => lab.locator('[data-hints] li').count()).toBe(2);
    await expect(lab.getByRole('button', { name: /Indice suivant/ }).count()).resolves.toBe(0);

    await lab.getByRole('button', { name: 'Voir la solution' }).click();
    await page
      .getByRole('dialog', { name: 'Voir la solution ?' })
      .getByRole('button', { name: 'Afficher la solution' })
      .click();
    await expect
      .poll(() => lab.locator('[data-solution] pre').textContent())
      .toBe('kubectl scale deployment web --replicas=3');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-exercise.png') });
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([
      'POST /api/sandboxes/:id/exercises/05-controleurs/mettre-a-l-echelle/start',
      'POST /api/sandboxes/:id/exercises/05-controleurs/mettre-a-l-echelle/check',
      'POST /api/sandboxes/:id/exercises/05-controleurs/mettre-a-l-echelle/hints',
      'POST /api/sandboxes/:id/exercises/05-controleurs/mettre-a-l-echelle/hints',
      'POST /api/sandboxes/:id/exercises/05-controleurs/mettre-a-l-echelle/solution',
    ]);
    await page.context().close();
  });

  it('Cluster tab: nodes as columns, pods by status, the Service’s links, explanations on focus', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.route(/\/api\/sandboxes\/[^/]+\/cluster\/events$/, (route) =>
      sse(route, [['snapshot', SNAPSHOT]]),
    );
    await page.goto(`${platform.url}/cours/08-ordonnancement/01-requests-limits-qos/`);
    const lab = page.getByRole('complementary', { name: 'Lab' });
    await lab.getByRole('tab', { name: 'Cluster' }).click();
    await expect.poll(() => lab.locator('g.pod').count(), { timeout: 30_000 }).toBe(6);
    await expect(lab.locator('g.column .column-title').allTextContents()).resolves.toEqual([
      'controlplane',
      'node01',
      'node02',
      'Non planifiés',
    ]);
    await expect(lab.locator('g.pod[data-status="running"]').count()).resolves.toBe(3);
    await expect(lab.locator('g.pod[data-pod="default/casse"]').getAttribute('data-status')).resolves.toBe(
      'crashloop',
    );
    await expect(lab.locator('g.pod[data-pod="default/batch-1"]').getAttribute('data-status')).resolves.toBe(
      'succeeded',
    );
    await expect(lab.locator('.links path').count()).resolves.toBe(3);
    expect(errors).toEqual([]);
    await expect(lab.locator('g.volume').count()).resolves.toBe(2);

    // Keyboard: focus a pod, the explanation shows; arrows move to the next pod.
    await lab.locator('g.pod[data-pod="default/gourmand"]').focus();
    await expect
      .poll(() => lab.locator('.cluster-tooltip').textContent())
      .toMatch(/0\/3 nodes are available: 3 Insufficient cpu\./);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-cluster-map.png') });
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('*:focus').getAttribute('data-pod')).resolves.not.toBe('default/gourmand');

    const text = (await lab.locator('.cluster-text').textContent()) ?? '';
    expect(text).toMatch(/default\/web-7c9d8f-4xk2p : En cours \(Running\) \(Deployment default\/web\)/);
    expect(text).toMatch(/default\/web \(ClusterIP, 10\.96\.12\.7\) → default\/web-7c9d8f-4xk2p/);
    expect(text).toMatch(/PersistentVolumeClaim default\/donnees : Bound, lié à pv-donnees/);

    await page.getByRole('button', { name: 'Passer au thème sombre' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-cluster-map-dark.png') });
    await page.context().close();
  });

  it('instructor pages: join code, live grid, learner detail with the read-only terminal', async () => {
    const page = await newPage();
    const workshop = {
      id: 'w1',
      code: 'K7Q2MX',
      title: 'Kubernetes — groupe du lundi',
      createdAt: '2026-01-05T08:00:00Z',
    };
    const progress = (status: string, score: number, attempts: number) => ({
      exerciseId: '',
      status,
      score,
      maxScore: 10,
      attempts,
      timeSpentMs: 600_000,
    });
    await page.route('**/api/instructor/session', (route) => json(route, { instructor: true }));
    await page.route('**/api/workshops', (route) => json(route, [workshop]));
    await page.route('**/api/workshops/w1', (route) =>
      json(route, {
        workshop,
        members: [],
      }),
    );
    await page.route('**/api/workshops/w1/grid', (route) =>
      json(route, {
        exercises: [
          { id: '04-pods/premier-pod', title: 'Premier Pod' },
          { id: EXERCISE.id, title: EXERCISE.title },
        ],
        rows: [
          {
            learnerId: 'l1',
            displayName: 'Alice Martin',
            sandboxState: 'ready',
            exercises: {
              '04-pods/premier-pod': progress('passed', 10, 2),
              [EXERCISE.id]: progress('failed', 5, 1),
            },
          },
          {
            learnerId: 'l2',
            displayName: 'Bruno Petit',
            sandboxState: 'sleeping',
            exercises: { '04-pods/premier-pod': progress('started', 0, 0) },
          },
        ],
      }),
    );
    await page.route('**/api/workshops/w1/events', (route) => sse(route, [['ready', { workshopId: 'w1' }]]));
    await page.route('**/api/workshops/w1/learners/l1', (route) =>
      json(route, {
        learner: { id: 'l1', displayName: 'Alice Martin', joinedAt: '2026-01-05T08:05:00Z' },
        sandbox: {
          id: 's1',
          state: 'ready',
          nodes: 3,
          exerciseId: EXERCISE.id,
          createdAt: '',
          lastActiveAt: '',
          expiresAt: '2026-01-05T12:00:00Z',
          links: {},
        },
        exercises: [
          {
            ...EXERCISE,
            status: 'en-cours',
            score: 5,
            attempts: 1,
            hintsRevealed: 1,
            lastCheck: report(false),
            timeSpentSeconds: 420,
          },
        ],
      }),
    );
    let typed = 0;
    await page.routeWebSocket(/\/api\/workshops\/w1\/learners\/l1\/terminal$/, (ws) => {
      ws.send(JSON.stringify({ type: 'attached', sandboxId: 's1' }));
      ws.send(
        Buffer.from(
          'apprenant@atelier:~$ kubectl scale deployment web --replicas=3\r\ndeployment.apps/web scaled\r\n',
        ),
      );
      ws.onMessage(() => typed++);
    });

    await page.goto(`${platform.url}/formateur/`);
    await page.getByRole('link', { name: workshop.title }).click();
    await page.waitForURL(/\/formateur\/atelier\/\?id=w1/);
    await expect.poll(() => page.locator('[data-code]').textContent()).toBe('K7Q 2MX');
    await expect.poll(() => page.locator('[data-grid] tbody tr').count()).toBe(2);
    const alice = page.locator('[data-grid] tr[data-learner="l1"]');
    await expect(
      alice.locator(`td[data-exercise="${EXERCISE.id}"]`).getAttribute('data-status'),
    ).resolves.toBe('failed');
    await expect(alice.locator('td').last().textContent()).resolves.toBe('1/2 · 15 pts');
    await expect(page.locator('[data-csv]').getAttribute('href')).resolves.toBe(
      '/api/workshops/w1/grades.csv',
    );
    await expect.poll(() => page.locator('[data-live]').textContent()).toMatch(/en direct|reconnexion/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-instructor-grid.png'), fullPage: true });
    await page.getByRole('button', { name: 'Mode projecteur' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-join-code-projector.png') });
    await page.keyboard.press('Escape');
    await page.goto(`${platform.url}/formateur/atelier/?id=w1`);

    await page.getByRole('link', { name: 'Alice Martin' }).click();
    await page.waitForURL(/\/formateur\/apprenant\/\?atelier=w1&apprenant=l1/);
    await expect
      .poll(() => page.locator('[data-name]').textContent(), { timeout: 30_000 })
      .toBe('Alice Martin');
    await expect
      .poll(() => page.locator('[data-terminal-state]').textContent(), { timeout: 30_000 })
      .toBe('en direct');
    await expect
      .poll(() => page.locator('.xterm-rows').textContent())
      .toMatch(/deployment\.apps\/web scaled/);
    // Read-only: typing in the terminal sends nothing.
    await page.locator('.xterm').click();
    await page.keyboard.type('kubectl delete ns default');
    await page.keyboard.press('Enter');
    expect(typed).toBe(0);
    await expect(page.locator('[data-grades] tbody tr').first().textContent()).resolves.toMatch(
      /en cours.*5 \/ 10.*1 \/ 2.*7 min/,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contract-learner-detail.png'), fullPage: true });
    await page.context().close();
  });
});
