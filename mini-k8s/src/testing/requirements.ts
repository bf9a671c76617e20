/**
 * Test requirements for the docker and e2e tiers. Locally, a missing Docker daemon or browser makes those
 * tests skip with a one-line reason; with REQUIRE_DOCKER=1 / REQUIRE_BROWSER=1 (set by CI) the same absence
 * is a failure, so CI can never pass by skipping.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Requirement is the outcome of probing for an external dependency. */
export type Requirement = { ok: true; detail: string } | { ok: false; reason: string };

/** probeDocker checks that a Docker daemon answers on the default socket (or DOCKER_HOST). */
export async function probeDocker(): Promise<Requirement> {
  try {
    const { stdout } = await run('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeout: 10_000,
    });
    return { ok: true, detail: `Docker ${stdout.trim()}` };
  } catch (err) {
    const message = (err as { stderr?: string; message: string }).stderr || (err as Error).message;
    return { ok: false, reason: `no Docker daemon reachable (${message.trim().split('\n')[0]})` };
  }
}

/** CHROMIUM_PATHS are where Debian and other distributions install Chromium. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** probeBrowser finds a Chromium executable (CHROMIUM_PATH overrides). */
export async function probeBrowser(): Promise<Requirement> {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CHROMIUM_PATHS;
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) return { ok: false, reason: `no Chromium found (looked at ${candidates.join(', ')})` };
  return { ok: true, detail: found };
}

/**
 * gate decides whether a tier's tests run. It prints one line when they are skipped, and throws when the
 * requirement is mandatory (REQUIRE_DOCKER=1 / REQUIRE_BROWSER=1) so the run fails loudly.
 */
export function gate(requirement: Requirement, envFlag: 'REQUIRE_DOCKER' | 'REQUIRE_BROWSER'): boolean {
  if (requirement.ok) return true;
  if (process.env[envFlag] === '1') {
    throw new Error(`${envFlag}=1 but ${requirement.reason}`);
  }
  console.log(`skipped: ${requirement.reason} (set ${envFlag}=1 to make this a failure)`);
  return false;
}
