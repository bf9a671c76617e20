import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globToRegExp } from './commands-find';
import { SimulatedRuntime } from './simulated-runtime';

const decoder = new TextDecoder();

describe('globToRegExp', () => {
  it.each([
    { glob: '*.conf', name: 'nginx.conf', match: true },
    { glob: '*.conf', name: 'nginx.conf.bak', match: false },
    { glob: 'file?.txt', name: 'file1.txt', match: true },
    { glob: 'file?.txt', name: 'file12.txt', match: false },
    { glob: '[ab]*', name: 'beta', match: true },
    { glob: '[!ab]*', name: 'beta', match: false },
    { glob: 'a.b', name: 'axb', match: false },
  ])('$glob against $name is $match', ({ glob, name, match }) => {
    expect(globToRegExp(glob).test(name)).toBe(match);
  });
});

describe('find (through exec in a busybox container)', () => {
  const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
  let id = '';

  beforeAll(async () => {
    const sandbox = await runtime.runPodSandbox({ name: 'f', namespace: 'ns', uid: 'u', hostname: 'f' });
    await runtime.pullImage('busybox');
    id = await runtime.createContainer(sandbox, {
      name: 'b',
      image: 'busybox',
      command: ['sleep', 'infinity'],
    });
    await runtime.startContainer(id);
  });
  afterAll(() => runtime.close());

  const sh = async (script: string): Promise<{ out: string; err: string; code: number }> => {
    let out = '';
    let err = '';
    const { exitCode } = await runtime.exec(id, ['sh', '-c', script], {
      onStdout: (c) => (out += decoder.decode(c)),
      onStderr: (c) => (err += decoder.decode(c)),
    });
    return { out, err, code: exitCode };
  };

  const tree = 'rm -rf /t; mkdir -p /t/a/b && touch /t/x.conf /t/a/y.conf /t/a/b/z.txt';

  it.each([
    { args: '/t', out: '/t\n/t/a\n/t/a/b\n/t/a/b/z.txt\n/t/a/y.conf\n/t/x.conf\n' },
    { args: '/t -name "*.conf"', out: '/t/a/y.conf\n/t/x.conf\n' },
    { args: '/t -type d', out: '/t\n/t/a\n/t/a/b\n' },
    { args: '/t -mindepth 1 -maxdepth 1', out: '/t/a\n/t/x.conf\n' },
    { args: '/t -maxdepth 0', out: '/t\n' },
    { args: '/t/a -type f -print', out: '/t/a/b/z.txt\n/t/a/y.conf\n' },
  ])('find $args', async ({ args, out }) => {
    expect(await sh(`${tree}; find ${args}`)).toEqual({ out, err: '', code: 0 });
  });

  it('cd then find . prints relative paths', async () => {
    expect((await sh(`${tree}; cd /t/a && find . -name "*.txt"`)).out).toBe('./b/z.txt\n');
  });

  it('runs the PV recycler script: -mindepth 1 -delete empties the directory but keeps it', async () => {
    const script =
      'test -e /t && find /t -mindepth 1 -delete && test -z "$(ls -A /t)" || exit 1; echo scrubbed; test -d /t && echo kept';
    expect(await sh(`${tree}; ${script}`)).toEqual({ out: 'scrubbed\nkept\n', err: '', code: 0 });
  });

  it.each([
    { args: '/missing', err: 'find: /missing: No such file or directory\n' },
    { args: '/t -bogus', err: "find: unknown predicate '-bogus'\n" },
    { args: '/t -type q', err: 'find: Unknown argument to -type: q\n' },
  ])('find $args fails', async ({ args, err }) => {
    expect(await sh(`${tree}; find ${args}`)).toEqual({ out: '', err, code: 1 });
  });
});
