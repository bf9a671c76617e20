import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules (eslint.config.js)', () => {
  it.each([
    ['mini-k8s/src/scheduler/plugins/x.ts', "import type { Storage } from '../../storage/interface';"],
    [
      'mini-k8s/src/controllers/deployment/x.ts',
      "import { MemoryStorage } from '../../storage/memory/store';",
    ],
    ['mini-k8s/src/kubelet/x.ts', "import { createRegistry } from '../apiserver/registry';"],
    ['graders/src/x.ts', "import { createApiServer } from '../../mini-k8s/src/apiserver/server';"],
    ['site/lib/x.ts', "import { createApp } from '../../sandbox-server/src/app';"],
    ['site/lib/x.ts', "import fs from 'node:fs';"],
  ])('%s may not import: %s', async (file, code) => {
    const errors = await layeringErrors(file, `${code}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Layering:/);
  });

  it.each([
    ['mini-k8s/src/scheduler/x.ts', "import { errors } from '../machinery/errors';"],
    ['mini-k8s/src/apiserver/registry/x.ts', "import { MemoryStorage } from '../../storage/memory/store';"],
    ['site/lib/x.ts', "import { resolveTheme } from './theme';"],
  ])('%s may import: %s', async (file, code) => {
    expect(await layeringErrors(file, `${code}\n`)).toEqual([]);
  });
});
