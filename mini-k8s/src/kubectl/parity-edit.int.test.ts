/**
 * Output parity with the REAL kubectl (v1.32) of edit: the real kubectl runs a shell script as
 * KUBE_EDITOR, ours the same change as its editor hook; both log every file the editor was given, so the
 * header, the YAML/JSON shown, the reopened file with its failure reasons and the final messages compare.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const clean = (s: string) =>
  mask(s)
    .replace(/\breal-[a-z0-9]{6,10}\b/g, 'real-HASH')
    .replace(/kubectl-edit-[0-9]+\.(yaml|json)/g, 'kubectl-edit-FILE')
    .replace(/(generation|observedGeneration): \d+/g, '$1: N');

function normalized(r: RunResult): RunResult {
  return { stdout: clean(r.stdout), stderr: clean(r.stderr), code: r.code };
}

/** Edit is one editor behaviour: a shell script for kubectl, the same transformation for ours. */
interface Edit {
  script: string;
  change: (text: string) => string;
}

const EDITS: Record<string, Edit> = {
  none: { script: ':', change: (t) => t },
  data: { script: `sed -i 's/a: b/a: c/' "$1"`, change: (t) => t.replace('a: b', 'a: c') },
  json: { script: `sed -i 's/"a": "b"/"a": "d"/' "$1"`, change: (t) => t.replace('"a": "b"', '"a": "d"') },
  empty: { script: `: > "$1"`, change: () => '' },
  invalid: {
    script: `sed -i '0,/^  replicas: 1$/s//  replicas: -1/' "$1"`,
    change: (t) => t.replace(/^ {2}replicas: 1$/m, '  replicas: -1'),
  },
  label: {
    script: `sed -i 's/^  name: real-cm2$/  labels:\\n    edited: "yes"\\n  name: real-cm2/' "$1"`,
    change: (t) => t.replace(/^ {2}name: ours-cm2$/m, '  labels:\n    edited: "yes"\n  name: ours-cm2'),
  },
};

describe.skipIf(!available)('kubectl edit parity', () => {
  let p: ParityCluster;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-edit-'));

  /** paired edits `real*` objects with kubectl and `ours*` with runKubectl, comparing outputs and editor logs. */
  async function paired(args: string[], edit: Edit): Promise<void> {
    const log = join(dir, 'real.log');
    writeFileSync(log, '');
    writeFileSync(join(dir, 'editor.sh'), `cat "$1" >> ${log}\necho ---- >> ${log}\n${edit.script}\n`);
    const real = await p.real(args, '', { KUBE_EDITOR: `sh ${join(dir, 'editor.sh')}` });
    let oursLog = '';
    const ours = await p.ours(
      args.map((a) => a.replaceAll('real', 'ours')),
      '',
      async (_path, content) => {
        oursLog += `${content}----\n`;
        return edit.change(content);
      },
    );
    const back = (s: string) => clean(s.replaceAll('ours', 'real'));
    expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual(
      normalized(real),
    );
    expect(back(oursLog)).toEqual(clean(readFileSync(log, 'utf8')));
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['real', 'ours']) {
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '-n', 'dev']);
      await p.real(['create', 'configmap', `${name}-cm`, '--from-literal=a=b', '-n', 'dev']);
      await p.real(['create', 'configmap', `${name}-cm2`, '--from-literal=a=b', '-n', 'dev']);
    }
    await p.real(['wait', '--for=condition=Available', 'deploy/real', 'deploy/ours', '-n', 'dev']);
    appendFileSync(join(dir, 'real.log'), '');
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([['edit'], ['edit cm nope -n dev'], ['edit cm real-cm -n dev -o wide']])('%s', async (cmd) => {
    const [real, ours] = await Promise.all([p.real(cmd.split(' ')), p.ours(cmd.split(' '))]);
    expect(normalized(ours)).toEqual(normalized(real));
  });

  it('cancels an unchanged or emptied file', async () => {
    await paired(['edit', 'cm', 'real-cm', '-n', 'dev'], EDITS.none);
    await paired(['edit', 'cm/real-cm', '-n', 'dev'], EDITS.empty);
  });

  it('patches what the editor changed', async () => {
    await paired(['edit', 'cm', 'real-cm', '-n', 'dev'], EDITS.data);
    await paired(['edit', 'cm', 'real-cm', '-n', 'dev', '-o', 'json', '--output-patch'], EDITS.json);
    await paired(['edit', 'cm', 'real-cm2', '-n', 'dev'], EDITS.label);
    await paired(['get', 'cm', 'real-cm', 'real-cm2', '-n', 'dev', '--show-labels'], EDITS.none);
  });

  it('reopens an invalid edit with the reasons, then gives up when nothing changes', async () => {
    await paired(['edit', 'deploy', 'real', '-n', 'dev'], EDITS.invalid);
  });
});
