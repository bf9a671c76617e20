import { describe, expect, it } from 'vitest';
import { HOME, VirtualFs } from '../fs';
import { createHarness } from '../harness';
import { columns } from './files';

const NOW = Date.UTC(2026, 10, 29, 14, 16, 38);

function harness(ttyCols?: number) {
  const fs = new VirtualFs({ now: () => NOW });
  return createHarness({ fs, ttyCols, now: () => new Date(NOW) });
}

describe('file commands', () => {
  it('lists names one per line when piped and in columns on a terminal', async () => {
    const h = harness();
    await h.run('touch deployment.yaml service.yaml pod.yaml .cache; mkdir manifests');
    expect((await h.run('ls')).out).toBe('deployment.yaml\nmanifests\npod.yaml\nservice.yaml\n');
    expect((await h.run('ls -a')).out).toBe(
      '.\n..\n.cache\ndeployment.yaml\nmanifests\npod.yaml\nservice.yaml\n',
    );
    const tty = createHarness({ fs: h.fs, ttyCols: 40 });
    expect((await tty.run('ls')).out).toBe('deployment.yaml  pod.yaml\nmanifests        service.yaml\n');
  });

  it('prints ls -l like coreutils', async () => {
    const h = harness();
    await h.run('echo "kind: Pod" > pod.yaml; mkdir manifests');
    expect((await h.run('ls -l')).out).toBe(
      'total 8\n' +
        'drwxr-xr-x 2 apprenant apprenant 4096 Nov 29 14:16 manifests\n' +
        '-rw-r--r-- 1 apprenant apprenant   10 Nov 29 14:16 pod.yaml\n',
    );
    expect((await h.run('ls -l pod.yaml')).out).toBe(
      '-rw-r--r-- 1 apprenant apprenant 10 Nov 29 14:16 pod.yaml\n',
    );
  });

  it.each([
    [['a', 'b', 'c'], 80, ['a  b  c']],
    [['alpha', 'beta', 'gamma', 'delta'], 13, ['alpha  gamma', 'beta   delta']],
    [['alpha', 'beta', 'gamma', 'delta'], 12, ['alpha', 'beta', 'gamma', 'delta']],
    [['one'], 2, ['one']],
  ])('lays out %j in %i columns', (names, width, lines) => {
    expect(columns(names, width)).toEqual(lines);
  });

  it('copies, moves and removes files and trees', async () => {
    const h = harness();
    await h.run('mkdir -p src/sub && echo a > src/sub/f && cp -r src dst && mv dst/sub/f dst/g && rm -r src');
    expect(h.fs.readDir(HOME)).toEqual(['dst']);
    expect(h.fs.readFile(`${HOME}/dst/g`)).toBe('a\n');
    await h.run('mkdir out; cp dst/g out; mv out/g out/h');
    expect(h.fs.readDir(`${HOME}/out`)).toEqual(['h']);
  });

  it.each([
    ['ls nope', "ls: cannot access 'nope': No such file or directory\n", 2],
    ['cp', "cp: missing file operand\nTry 'cp --help' for more information.\n", 1],
    ['cp a', "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n", 1],
    ['cp nope x', "cp: cannot stat 'nope': No such file or directory\n", 1],
    ['mkdir d; cp d e', "cp: -r not specified; omitting directory 'd'\n", 1],
    ['mv nope x', "mv: cannot stat 'nope': No such file or directory\n", 1],
    ['rm nope', "rm: cannot remove 'nope': No such file or directory\n", 1],
    ['rm -f nope', '', 0],
    [
      'rm -rf /',
      "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n",
      1,
    ],
    ['mkdir a/b', "mkdir: cannot create directory 'a/b': No such file or directory\n", 1],
    ['touch a/b', "touch: cannot touch 'a/b': No such file or directory\n", 1],
    ['cat /tmp', 'cat: /tmp: Is a directory\n', 1],
    ['rm', "rm: missing operand\nTry 'rm --help' for more information.\n", 1],
  ])('fails like coreutils: %s', async (script, err, status) => {
    const result = await harness().run(script);
    expect(result.err).toBe(err);
    expect(result.status).toBe(status);
  });
});
