/**
 * unifiedDiff against the real GNU diff (`diff -u`, on PATH): random line files over a small alphabet (many
 * repeated lines, where edit scripts are ambiguous and GNU's tie-breaking shows) must give the same output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff-gnu';

function gnuDiffAvailable(): boolean {
  try {
    return execFileSync('diff', ['--version'], { encoding: 'utf8' }).includes('GNU diffutils');
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'diff-gnu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gnu(from: string, to: string, context: number): string {
  writeFileSync(join(dir, 'a'), from);
  writeFileSync(join(dir, 'b'), to);
  try {
    execFileSync('diff', [`-U${context}`, '--label', 'A', '--label', 'B', join(dir, 'a'), join(dir, 'b')], {
      encoding: 'utf8',
    });
    return '';
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

function ours(from: string, to: string, context: number): string {
  return unifiedDiff({ path: 'A', time: '', text: from }, { path: 'B', time: '', text: to }, context).replace(
    /^(---|\+\+\+) (A|B)\t\n/gm,
    '$1 $2\n',
  );
}

const line = fc.constantFrom('a', 'b', 'c', 'd', '  name: web', '  - x', '');
const file = fc
  .tuple(fc.array(line, { maxLength: 30 }), fc.boolean())
  .map(([lines, eol]) => (lines.length === 0 ? '' : lines.join('\n') + (eol ? '\n' : '')));

describe.skipIf(!gnuDiffAvailable())('unifiedDiff matches GNU diff', () => {
  it('on random files with repeated lines', () => {
    fc.assert(
      fc.property(file, file, fc.constantFrom(0, 1, 3), (from, to, context) => {
        expect(ours(from, to, context)).toEqual(gnu(from, to, context));
      }),
      { numRuns: 400 },
    );
  });

  it('on YAML documents with a changed field, an added list item and a removed map', () => {
    const live =
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n  b: "2"\nmetadata:\n  labels:\n    app: web\n  name: cfg\n';
    const merged =
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "3"\n  b: "2"\n  c: "4"\nmetadata:\n  name: cfg\n';
    expect(ours(live, merged, 3)).toEqual(gnu(live, merged, 3));
    expect(ours('', merged, 3)).toEqual(gnu('', merged, 3));
  });
});
