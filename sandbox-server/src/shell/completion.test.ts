import { describe, expect, it } from 'vitest';
import { completeFiles, completeLine, splitCommandLine } from './completion';
import { HOME, VirtualFs } from './fs';

describe('completion', () => {
  it.each([
    ['ls -l ma', ['ls', '-l', 'ma'], 6],
    ['echo a | gr', ['gr'], 9],
    ['cat my\\ fi', ['cat', 'my fi'], 4],
    ['kubectl get ', ['kubectl', 'get', ''], 12],
  ])('splits %j', (text, words, start) => {
    expect(splitCommandLine(text)).toEqual({ words, start });
  });

  it('lists files, hidden ones only on request, directories with a slash', () => {
    const fs = new VirtualFs();
    fs.mkdir(`${HOME}/manifests`);
    fs.writeFile(`${HOME}/manifests/pod.yaml`, '');
    fs.writeFile(`${HOME}/.kube`, '');
    fs.writeFile(`${HOME}/my file`, '');
    expect(completeFiles(fs, HOME, '')).toEqual(['manifests/', 'my file']);
    expect(completeFiles(fs, HOME, '.k')).toEqual(['.kube']);
    expect(completeFiles(fs, HOME, 'manifests/p')).toEqual(['manifests/pod.yaml']);
    expect(completeFiles(fs, '/', '~/ma')).toEqual(['~/manifests/']);
    expect(completeFiles(fs, HOME, '', true)).toEqual(['manifests/']);
  });

  it('routes kubectl words to the injected completer, and -f to files', async () => {
    const fs = new VirtualFs();
    fs.writeFile(`${HOME}/pod.yaml`, '');
    const calls: [string[], number][] = [];
    const sources = {
      commandNames: () => ['kubectl', 'ls'],
      aliases: new Map([['k', 'kubectl']]),
      fs,
      cwd: () => HOME,
      kubectl: async (words: string[], index: number) => {
        calls.push([words, index]);
        return ['pods', 'pv'];
      },
    };
    expect(await completeLine('k get p', sources)).toEqual({ start: 6, candidates: ['pods', 'pv'] });
    expect(calls).toEqual([[['kubectl', 'get', 'p'], 2]]);
    expect(await completeLine('k apply -f po', sources)).toEqual({ start: 11, candidates: ['pod.yaml'] });
    expect(await completeLine('l', sources)).toEqual({ start: 0, candidates: ['ls'] });
    expect(await completeLine('cat my\\ ', { ...sources, kubectl: undefined })).toEqual({
      start: 4,
      candidates: [],
    });
  });
});
