/** kubeletStreams: how it finds the kubelet, forwards output and turns failures into Status errors. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../mini-k8s/src/client/client';
import { kubeletStreams, type KubeletLocator } from './in-process-streams';

const request = {
  namespace: 'default',
  pod: 'web',
  container: 'web',
  command: ['cat', '/x'],
  stdin: false,
  tty: false,
};
const client = (nodeName?: string) =>
  ({
    get: async () => ({ metadata: { name: 'web' }, spec: nodeName ? { nodeName } : {} }),
  }) as unknown as ApiClient;
async function* chunks(...texts: string[]) {
  for (const t of texts) yield new TextEncoder().encode(t);
}

describe('kubeletStreams', () => {
  it('runs the command on the kubelet of the pod node and forwards both streams', async () => {
    const calls: unknown[] = [];
    const locator: KubeletLocator = {
      kubeletFor: (node) =>
        node === 'node01'
          ? {
              exec: async (...args) => {
                calls.push(args.slice(0, 4));
                return {
                  stdout: chunks('bon', 'jour'),
                  stderr: chunks('attention'),
                  exit: Promise.resolve({ exitCode: 3 }),
                };
              },
            }
          : undefined,
    };
    let out = '';
    let err = '';
    const outcome = await kubeletStreams(client('node01'), locator).exec(request, {
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
    });
    expect(outcome).toEqual({ exitCode: 3 });
    expect([out, err]).toEqual(['bonjour', 'attention']);
    expect(calls).toEqual([['default', 'web', 'web', ['cat', '/x']]]);
  });

  it('reports an unscheduled pod, an unknown node and a runtime failure as errors', async () => {
    const io = { stdout: () => {}, stderr: () => {} };
    const none: KubeletLocator = { kubeletFor: () => undefined };
    const unscheduled = await kubeletStreams(client(), none).exec(request, io);
    expect('error' in unscheduled && unscheduled.error.message).toBe('pod web does not have a host assigned');
    const failing: KubeletLocator = {
      kubeletFor: () => ({
        exec: async () => ({ exit: Promise.resolve({ error: 'executable file not found' }) }),
      }),
    };
    const failed = await kubeletStreams(client('node01'), failing).exec(request, io);
    expect('error' in failed && [failed.error.code, failed.error.message]).toEqual([
      500,
      'executable file not found',
    ]);
  });
});
