/**
 * testServices builds the real platform services (real SQLite database, real sandbox clusters on files)
 * in a temporary folder, with small limits and an injectable clock, plus the app over them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { openDatabase } from '../../src/db/database';
import type { PlatformServices } from '../../src/http/services';
import { createLogger } from '../../src/logger';
import type { SandboxLimits } from '../../src/sandboxes/manager';
import { createPlatformServices, type PlatformServicesOptions } from '../../src/services';

export const INSTRUCTOR_TOKEN = 'formateur-secret-0123456789';

export interface TestPlatform {
  dir: string;
  services: PlatformServices;
  app: ReturnType<typeof createApp>;
  clock: { now: number };
  close(): Promise<void>;
}

export function testPlatform(
  overrides: Partial<Omit<PlatformServicesOptions, 'limits'>> & { limits?: Partial<SandboxLimits> } = {},
): TestPlatform {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sbx-'));
  const db = openDatabase(path.join(dir, 'atelier.sqlite'));
  const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
  const { limits, ...rest } = overrides;
  const services = createPlatformServices({
    db,
    dataDir: dir,
    secret: 'test-secret-0123456789-0123456789-abcdef',
    limits: {
      max: 10,
      nodes: 3,
      idleMs: 60_000,
      lifetimeMs: 3_600_000,
      maxObjects: 500,
      speed: 0,
      ...limits,
    },
    learnerRate: 1000,
    bodyLimitBytes: 64 * 1024,
    instructorToken: INSTRUCTOR_TOKEN,
    cookieMaxAgeSeconds: 86_400,
    now: () => clock.now,
    ...rest,
  });
  const siteDir = path.join(dir, 'site');
  fs.mkdirSync(siteDir);
  const app = createApp({
    logger: createLogger('silent'),
    siteDir,
    runtime: 'simulated',
    version: '0.1.0',
    isReady: () => true,
    services,
  });
  return {
    dir,
    services,
    app,
    clock,
    async close() {
      await services.sandboxes.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** cookieOf extracts `name=value` of the Set-Cookie header of a response, for the next request. */
export function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const first = header.split(';')[0];
  if (!first.includes('=')) throw new Error(`no cookie in response (status ${response.status})`);
  return first;
}
