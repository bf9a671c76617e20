import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeBrowser } from '../../../mini-k8s/src/testing/requirements';
import { type RunningPlatform, startPlatform } from '../support/platform';

const browserCheck = await probeBrowser();
const enabled = gate(browserCheck, 'REQUIRE_BROWSER');
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

describe.skipIf(!enabled)('the platform in a real browser', () => {
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startPlatform();
    browser = await chromium.launch({
      executablePath: browserCheck.ok ? browserCheck.detail : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('serves the course home page in French and opens a lesson', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(platform.url);
    await expect(page.title()).resolves.toBe('Sommaire · Atelier Kubernetes');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'home.png'), fullPage: true });

    await page.getByRole('link', { name: 'Pourquoi Kubernetes ?' }).click();
    await page.waitForURL(/\/cours\/00-introduction\/01-pourquoi-kubernetes\/?$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Pourquoi Kubernetes ?',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lesson.png'), fullPage: true });
    await page.close();
  });

  it('runs the lab: ready sandbox, typed command, click-to-run, editor apply', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${platform.url}/cours/02-namespaces/01-espaces-de-noms/`);
    const lab = page.getByRole('complementary', { name: 'Lab' });
    const state = lab.locator('[data-sandbox-state] [data-label]');
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toBe('prêt');
    // The heavy widgets are separate chunks: the page itself only loads the small lab script.
    const terminalScreen = lab.locator('.xterm-rows');
    const screen = async () => (await terminalScreen.textContent()) ?? '';
    await expect
      .poll(() => lab.locator('[data-terminal-state]').textContent(), { timeout: 30_000 })
      .toBe('connecté');

    await lab.locator('.xterm').click();
    await page.keyboard.type('kubectl get nodes');
    await page.keyboard.press('Enter');
    await expect.poll(screen, { timeout: 30_000 }).toMatch(/node02\s+Ready/);
    const text = await screen();
    expect(text).toMatch(/controlplane\s+Ready\s+control-plane/);
    expect(text).toMatch(/node01\s+Ready/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-terminal.png') });

    await page.getByRole('button', { name: 'Exécuter dans le terminal : kubectl get namespaces' }).click();
    await expect.poll(screen, { timeout: 30_000 }).toMatch(/kube-node-lease\s+Active/);

    await lab.getByRole('tab', { name: 'Éditeur' }).click();
    await expect(lab.locator('.cm-content').waitFor({ timeout: 30_000 })).resolves.toBeUndefined();
    await lab.getByRole('button', { name: 'Appliquer' }).click();
    await expect(lab.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await expect.poll(screen, { timeout: 30_000 }).toMatch(/deployment\.apps\/web created/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-apply.png') });

    await lab.getByRole('tab', { name: 'Éditeur' }).click();
    await lab.getByRole('button', { name: 'Simuler (dry-run)' }).click();
    await expect
      .poll(screen, { timeout: 30_000 })
      .toMatch(/deployment\.apps\/web unchanged \(server dry run\)/);

    // A YAML syntax error is shown in the editor and never sent to the terminal.
    await lab.getByRole('tab', { name: 'Éditeur' }).click();
    await lab.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('kind: Pod: web');
    await lab.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(() => lab.locator('[data-editor-message]').textContent()).toMatch(/erreur de syntaxe/);
    await expect(lab.getByRole('tab', { name: 'Éditeur' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );

    await page.getByRole('button', { name: 'Passer au thème sombre' }).click();
    await expect(page.getAttribute('html', 'data-theme')).resolves.toBe('dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-editor-dark.png') });
    await lab.getByRole('tab', { name: 'Terminal' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-terminal-dark.png') });

    // Keyboard: F6 leaves the terminal for the tabs; the separator widens the pane with ArrowLeft.
    await lab.locator('.xterm').click();
    await page.keyboard.press('F6');
    // The callback runs in the page; read the focused element's id through Playwright instead of DOM types.
    await expect(page.locator('*:focus').getAttribute('id')).resolves.toBe('lab-tab-terminal');
    const separator = page.getByRole('separator', { name: 'Largeur du lab' });
    const before = Number(await separator.getAttribute('aria-valuenow'));
    await separator.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(separator.getAttribute('aria-valuenow')).resolves.toBe(String(before + 32));

    await lab.getByRole('button', { name: 'Masquer le lab' }).click();
    await expect(
      lab.getByRole('button', { name: 'Ouvrir le lab' }).getAttribute('aria-expanded'),
    ).resolves.toBe('false');
    await expect(lab.locator('[data-sandbox-state] [data-label]').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lab-closed-dark.png') });
    await page.close();
  }, 180_000);

  it('answers /healthz and shows the French 404 page', async () => {
    const health = await fetch(`${platform.url}/healthz`);
    expect(health.status).toBe(200);
    const page = await browser.newPage();
    const response = await page.goto(`${platform.url}/chapitre-inexistant`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page introuvable');
    await page.close();
  });
});
