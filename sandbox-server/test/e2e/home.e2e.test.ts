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
