/**
 * startPlatform runs the real platform (`sandbox-server/src/main.ts`, the process `npm start` runs) on a free
 * port with a temporary data folder, and resolves once it prints its URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningPlatform {
  url: string;
  /** https://… when HTTPS_PORT was set. */
  httpsUrl?: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** PlatformOptions: reuse a data folder (restart after a crash) and keep it when stopping. */
export interface PlatformOptions {
  dataDir?: string;
  keepData?: boolean;
}

export async function startPlatform(
  env: Record<string, string> = {},
  options: PlatformOptions = {},
): Promise<RunningPlatform> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-platform-'));
  // PLATFORM_NODE_ARGS: extra node flags of the platform process (profiling: `--cpu-prof --cpu-prof-dir=…`).
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PLATFORM_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      'sandbox-server/src/main.ts',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // PLATFORM_OUTPUT: a file that also gets the platform's whole output (e.g. `--trace-gc` lines of a bench).
  if (process.env.PLATFORM_OUTPUT) {
    const file = fs.createWriteStream(process.env.PLATFORM_OUTPUT);
    child.stdout!.on('data', (d) => file.write(d));
    child.stderr!.on('data', (d) => file.write(d));
    child.on('exit', () => file.end());
  }
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start in 30 s:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /(http:\/\/[^\s]+)/.exec(out);
      // With HTTPS the HTTPS line follows the HTTP one in the same start-up burst.
      if (match && (env.HTTPS_PORT === undefined || /https:\/\/\S+/.test(out))) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${out}`));
    });
  });
  const https = /(https:\/\/[^\s]+)/.exec(out)?.[1];
  return {
    url,
    ...(https ? { httpsUrl: https } : {}),
    dataDir,
    process: child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => {
          if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill(signal);
      }),
  };
}
