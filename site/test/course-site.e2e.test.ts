/**
 * The course site in a real browser against the real platform (`npm run test:e2e` builds the site first):
 * static pages and their screenshots, the lesson page's JavaScript budget, the lab with the exercise and
 * cluster tabs, and the instructor flow with two learners.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeBrowser } from '../../mini-k8s/src/testing/requirements';
import { type RunningPlatform, startPlatform } from '../../sandbox-server/test/support/platform';

const browserCheck = await probeBrowser();
const enabled = gate(browserCheck, 'REQUIRE_BROWSER');
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const INSTRUCTOR_TOKEN = 'formateur-e2e-0123456789abcdef';
/** JS_BUDGET is the most JavaScript a lesson page may load before the learner opens a heavy widget. */
const JS_BUDGET = 100 * 1024;

describe.skipIf(!enabled)('the course site in a real browser', () => {
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startPlatform({ INSTRUCTOR_TOKEN, HTTPS_PORT: '0' });
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

  it('loads a lesson page with less than 100 KB of JavaScript while the lab is closed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript({ content: "localStorage.setItem('atelier-lab-open', 'false');" });
    const page = await context.newPage();
    let bytes = 0;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        void response.body().then(
          (b) => (bytes += b.length),
          () => undefined,
        );
    });
    await page.goto(`${platform.url}/cours/04-pods/01-le-pod/`, { waitUntil: 'networkidle' });
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(JS_BUDGET);
    // The editor's Kubernetes schemas load only when the editor opens.
    expect(requested).not.toContain('/schemas/kubernetes.json');
    await context.close();
  });

  it('shows the kubeconfig guide with a download link, and search results', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/kubeconfig/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Utiliser votre propre kubectl',
    );
    const link = page.getByRole('link', { name: 'Télécharger mon kubeconfig' });
    await link.waitFor({ timeout: 60_000 });
    const download = await Promise.all([page.waitForEvent('download'), link.click()]).then(([d]) => d);
    const kubeconfig = fs.readFileSync((await download.path())!, 'utf8');
    expect(kubeconfig).toMatch(/certificate-authority-data: /);
    expect(kubeconfig).toMatch(/current-context: atelier-/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'kubeconfig.png'), fullPage: true });

    // The `/` shortcut focuses the header's search box; Enter opens the results.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    await expect(page.locator('*:focus').getAttribute('id')).resolves.toBe('site-search');
    await page.keyboard.type('Service');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/recherche\/\?q=Service/);
    const results = page.locator('[data-search-results] li');
    await expect.poll(() => results.count(), { timeout: 30_000 }).toBeGreaterThan(2);
    await expect(page.locator('[data-search-state]').textContent()).resolves.toMatch(
      /leçons pour « Service »/,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search.png'), fullPage: true });
    await page.context().close();
  });

  it('lab — 3 nodes, the editor’s Deployment on the cluster map, Vérifier succeeds', async () => {
    const page = await newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${platform.url}/cours/05-controleurs/01-replicasets-et-deployments/`);
    const lab = page.getByRole('complementary', { name: 'Lab' });
    await expect
      .poll(() => lab.locator('[data-sandbox-state] [data-label]').textContent(), { timeout: 60_000 })
      .toBe('prêt');

    // Start the exercise: the sandbox resets (after confirmation) to its starting state.
    await lab.getByRole('tab', { name: 'Exercice' }).click();
    await lab.getByRole('button', { name: /Mettre un Deployment à l'échelle/ }).click();
    await lab.getByRole('button', { name: 'Démarrer' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Réinitialiser et démarrer' }).click();
    await expect
      .poll(() => lab.locator('[data-message]').textContent(), { timeout: 60_000 })
      .toMatch(/Exercice démarré/);
    await expect
      .poll(() => lab.locator('[data-sandbox-state] [data-label]').textContent(), { timeout: 60_000 })
      .toBe('prêt');

    await lab.getByRole('tab', { name: 'Terminal' }).click();
    const screen = async () => (await lab.locator('.xterm-rows').textContent()) ?? '';
    await expect
      .poll(() => lab.locator('[data-terminal-state]').textContent(), { timeout: 30_000 })
      .toBe('connecté');
    await lab.locator('.xterm').click();
    await page.keyboard.type('kubectl get nodes');
    await page.keyboard.press('Enter');
    await expect.poll(screen, { timeout: 30_000 }).toMatch(/node02\s+Ready/);
    expect(await screen()).toMatch(/controlplane\s+Ready\s+control-plane.*node01\s+Ready.*node02\s+Ready/);

    await lab.getByRole('tab', { name: 'Éditeur' }).click();
    await lab.locator('.cm-content').waitFor({ timeout: 30_000 });
    await lab.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(screen, { timeout: 30_000 }).toMatch(/deployment\.apps\/web (configured|created)/);

    await lab.getByRole('tab', { name: 'Cluster' }).click();
    const webPods = lab.locator('g.pod[data-pod^="default/web-"][data-status="running"]');
    await expect.poll(() => webPods.count(), { timeout: 90_000 }).toBe(3);
    await expect(lab.locator('.cluster-text').textContent()).resolves.toMatch(
      /Deployment default\/web : 3\/3 prêts/,
    );
    await webPods.first().focus();
    await expect.poll(() => lab.locator('.cluster-tooltip').textContent()).toMatch(/Ordonnancement/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cluster-map.png') });

    await lab.getByRole('tab', { name: 'Exercice' }).click();
    await lab.getByRole('button', { name: 'Vérifier' }).click();
    await expect
      .poll(() => lab.locator('[data-report] .report-summary').textContent(), { timeout: 60_000 })
      .toMatch(/Exercice réussi/);
    await expect
      .poll(() => lab.locator('[data-live-checks] li[data-passed="true"]').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'exercise.png') });
    await page.context().close();
  });

  it('lab — editor: French validation, completion, « Comparer » then « Appliquer »; the map in a narrow pane', async () => {
    const page = await newPage();
    await page.goto(`${platform.url}/cours/05-controleurs/01-replicasets-et-deployments/`);
    const lab = page.getByRole('complementary', { name: 'Lab' });
    await expect
      .poll(() => lab.locator('[data-sandbox-state] [data-label]').textContent(), { timeout: 60_000 })
      .toBe('prêt');
    const screen = async () => (await lab.locator('.xterm-rows').textContent()) ?? '';

    // The editor's Deployment (3 replicas) goes to the cluster first.
    await lab.getByRole('tab', { name: 'Éditeur' }).click();
    const editor = lab.locator('[data-editor]');
    await editor.locator('.cm-content').waitFor({ timeout: 30_000 });
    await lab.locator('.editor-actions').getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(screen, { timeout: 60_000 }).toMatch(/deployment\.apps\/web created/);
    await lab.getByRole('tab', { name: 'Éditeur' }).click();

    // A typo: the schema check (loaded with the editor) explains it in French, on the key.
    // The innermost element holding exactly `text` (a lint underline may wrap the highlighted token).
    const token = (text: string) => editor.locator('.cm-content').getByText(text, { exact: true }).last();
    await token('replicas').dblclick();
    await page.keyboard.type('replica');
    const lintRange = editor.locator('.cm-lintRange-error');
    await expect.poll(() => lintRange.count(), { timeout: 30_000 }).toBe(1);
    await lintRange.hover();
    await expect
      .poll(() => page.locator('.cm-tooltip-lint').textContent(), { timeout: 10_000 })
      .toContain(
        'Champ inconnu « replica » dans spec (Deployment apps/v1). Vouliez-vous dire « replicas » ?',
      );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-validation.png') });

    // Completion: under spec, « rep » offers replicas with its type.
    await token('replica').dblclick();
    await page.keyboard.type('rep');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'replicas' });
    await option.first().waitFor({ timeout: 10_000 });
    await expect(option.first().textContent()).resolves.toContain('entier');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-completion.png') });
    await option.first().click();
    await expect
      .poll(() => editor.locator('.cm-line', { hasText: 'replicas' }).first().textContent())
      .toBe('  replicas: 3');
    await expect.poll(() => lintRange.count(), { timeout: 10_000 }).toBe(0);

    // « Comparer » shows the replica count Apply would change, then « Appliquer » from there.
    await token('3').dblclick();
    await page.keyboard.type('5');
    await lab.getByRole('button', { name: 'Comparer' }).click();
    const diff = lab.locator('[data-editor-diff]');
    await expect
      .poll(() => diff.locator('h3').first().textContent(), { timeout: 30_000 })
      .toBe('Deployment web (namespace default) : sera modifié (+1 −1 lignes)');
    await expect(diff.locator('.diff-summary').textContent()).resolves.toBe(
      '« Appliquer » donnerait : 1 objet modifié.',
    );
    await expect(diff.locator('.cm-deletedChunk').first().textContent()).resolves.toContain('replicas: 3');
    await expect(diff.locator('.cm-changedLine').first().textContent()).resolves.toContain('replicas: 5');
    expect(await diff.textContent()).not.toMatch(/managedFields|resourceVersion|uid:/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-diff.png') });
    await page.getByRole('button', { name: 'Passer au thème sombre' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-diff-dark.png') });
    await page.getByRole('button', { name: 'Passer au thème clair' }).click();
    await diff.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(screen, { timeout: 60_000 }).toMatch(/deployment\.apps\/web configured/);

    // The map in a 320 px pane: compact, columns wrapped, no horizontal scrolling, same text alternative.
    await lab.getByRole('tab', { name: 'Cluster' }).click();
    await page
      .locator('[data-lab-layout]')
      .evaluate((el) =>
        (el as unknown as { style: { setProperty(k: string, v: string): void } }).style.setProperty(
          '--lab-width',
          '320px',
        ),
      );
    const webPods = lab.locator('g.pod[data-pod^="default/web-"][data-status="running"]');
    await expect.poll(() => webPods.count(), { timeout: 90_000 }).toBe(5);
    await expect
      .poll(() => lab.locator('.cluster-canvas svg').getAttribute('data-density'), { timeout: 10_000 })
      .toBe('compact');
    const canvas = lab.locator('.cluster-canvas');
    await expect
      .poll(() => canvas.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), { timeout: 10_000 })
      .toBe(true);
    await expect(lab.evaluate((el) => Math.round(el.getBoundingClientRect().width))).resolves.toBe(320);
    await expect(lab.locator('.cluster-text').textContent()).resolves.toMatch(
      /Deployment default\/web : 5\/5 prêts/,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cluster-map-narrow.png') });
    await page.context().close();
  });

  it('instructor — workshop, two learners join, live grid, learner detail', async () => {
    const instructor = await newPage();
    await instructor.goto(`${platform.url}/formateur/`);
    await instructor.getByLabel('Jeton formateur').fill(INSTRUCTOR_TOKEN);
    await instructor.getByRole('button', { name: 'Se connecter' }).click();
    await instructor.getByLabel('Nouvel atelier').fill('Atelier e2e');
    await instructor.getByRole('button', { name: 'Créer l’atelier' }).click();
    await instructor.waitForURL(/\/formateur\/atelier\/\?id=/);
    const code = ((await instructor.locator('[data-code]').textContent()) ?? '').replace(/\s/g, '');
    await expect.poll(() => instructor.locator('[data-code]').textContent()).not.toMatch(/…/);

    const learners: Page[] = [];
    for (const name of ['Alice Martin', 'Bruno Petit']) {
      const page = await newPage();
      await page.goto(`${platform.url}/rejoindre/?code=${encodeURIComponent(code)}`);
      await page.getByLabel('Votre nom').fill(name);
      await page.getByRole('button', { name: 'Rejoindre' }).click();
      await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor({ timeout: 30_000 });
      learners.push(page);
    }
    await instructor.screenshot({ path: path.join(SCREENSHOTS, 'join-code.png') });

    // Alice starts and solves an exercise (through the same API calls the Exercice tab makes).
    const alice = learners[0]!;
    await alice.goto(`${platform.url}/cours/05-controleurs/01-replicasets-et-deployments/`);
    const result = await alice.evaluate(async () => {
      const sandbox = (await (await fetch('/api/sandboxes', { method: 'POST' })).json()) as { id: string };
      const base = `/api/sandboxes/${sandbox.id}/exercises/05-controleurs/mettre-a-l-echelle`;
      await fetch(`${base}/start`, { method: 'POST' });
      return (await (await fetch(`${base}/check`, { method: 'POST' })).json()) as { passed: boolean };
    });
    expect(result.passed).toBe(false);

    const rows = instructor.locator('[data-grid] tbody tr[data-learner]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    const aliceCell = instructor.locator(
      '[data-grid] tr:has(a:text("Alice Martin")) td[data-exercise="05-controleurs/mettre-a-l-echelle"]',
    );
    await expect
      .poll(() => aliceCell.getAttribute('data-status'), { timeout: 30_000 })
      .toMatch(/failed|started/);
    await expect(instructor.locator('[data-live]').textContent()).resolves.toBe('en direct');
    await instructor.screenshot({ path: path.join(SCREENSHOTS, 'instructor-grid.png'), fullPage: true });

    await instructor.getByRole('link', { name: 'Alice Martin' }).click();
    await instructor.waitForURL(/\/formateur\/apprenant\//);
    await expect
      .poll(() => instructor.locator('[data-name]').textContent(), { timeout: 30_000 })
      .toBe('Alice Martin');
    await expect.poll(() => instructor.locator('[data-grades] tbody tr').count()).toBeGreaterThan(0);
    await expect
      .poll(() => instructor.locator('[data-terminal-state]').textContent(), { timeout: 30_000 })
      .toBe('en direct');
    await instructor.screenshot({ path: path.join(SCREENSHOTS, 'learner-detail.png'), fullPage: true });
    for (const page of [...learners, instructor]) await page.context().close();
  });
});
