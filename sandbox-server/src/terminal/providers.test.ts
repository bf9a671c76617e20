import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../config/schema';
import { createLogger } from '../logger';
import type { SandboxManager } from '../sandboxes/manager';
import { findKubectlBinary } from './kubectl-binary';
import { createTerminalProvider } from './providers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** start creates the providers with SHELL_KUBECTL=binary and returns what was logged. */
function start(dir: string, extra: Partial<Config>): { level: number; msg: string; reason?: string }[] {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  createTerminalProvider({
    config: {
      dataDir: path.join(tmp, dir),
      terminal: 'builtin',
      host: '127.0.0.1',
      shellKubectl: 'binary',
      ...extra,
    },
    sandboxes: () => ({}) as SandboxManager,
    https: () => undefined,
    logger: createLogger('info', sink),
  });
  return lines.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
}

describe('SHELL_KUBECTL=binary in createTerminalProvider', () => {
  it('keeps the TypeScript kubectl without HTTPS, saying why once', () => {
    const logged = start('no-https', {});
    const warnings = logged.filter((l) => l.msg.includes('SHELL_KUBECTL'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].reason).toMatch(/HTTPS|kubectl binary/);
  });

  it('keeps the TypeScript kubectl when the named binary is no executable', () => {
    const notElf = path.join(tmp, 'kubectl.sh');
    fs.writeFileSync(notElf, '#!/bin/sh\n');
    const logged = start('no-binary', { toolboxKubectl: notElf, https: { port: 0, hosts: [] } });
    expect(logged.filter((l) => l.msg.includes('SHELL_KUBECTL'))).toEqual([
      expect.objectContaining({ reason: 'no kubectl binary' }),
    ]);
    expect(fs.existsSync(path.join(tmp, 'no-binary', 'shell-kubectl'))).toBe(false);
  });

  it.skipIf(!findKubectlBinary(undefined))(
    'uses the binary with HTTPS: a private folder for kubeconfigs',
    () => {
      const logged = start('binary', { https: { port: 0, hosts: [] } });
      expect(logged.some((l) => l.msg === 'the built-in shell runs the real kubectl binary')).toBe(true);
      expect(fs.statSync(path.join(tmp, 'binary', 'shell-kubectl')).mode & 0o777).toBe(0o700);
    },
  );
});
