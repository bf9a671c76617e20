import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff-gnu';

const file = (path: string, text: string) => ({ path, time: '2026-11-29 19:59:53.062680351 +0000', text });

// Expected outputs are GNU diff 3.8's (`diff -u`), recorded from the real program.
describe('unifiedDiff', () => {
  it('prints nothing for identical files', () => {
    expect(unifiedDiff(file('a', 'x\ny\n'), file('b', 'x\ny\n'))).toBe('');
  });

  it('prints a changed line with its context', () => {
    expect(unifiedDiff(file('a', 'a\nb\nc\n'), file('b', 'a\nB\nc\n'))).toBe(
      '--- a\t2026-11-29 19:59:53.062680351 +0000\n+++ b\t2026-11-29 19:59:53.062680351 +0000\n' +
        '@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
  });

  it('numbers an insertion into an empty file from 0', () => {
    expect(unifiedDiff(file('a', ''), file('b', 'new\n'))).toContain('@@ -0,0 +1 @@\n+new\n');
  });

  it('marks lines without a final newline', () => {
    expect(unifiedDiff(file('a', 'noeol'), file('b', 'noeol2'))).toContain(
      '@@ -1 +1 @@\n-noeol\n\\ No newline at end of file\n+noeol2\n\\ No newline at end of file\n',
    );
  });

  it('splits distant changes into hunks and keeps GNU tie-breaking', () => {
    const from = '  name: web\nd\na\nc\nd\nd\nc\n  name: web\n';
    const to = '  name: web\nd\nc\na\n';
    expect(unifiedDiff(file('A', from), file('B', to), 1)).toContain(
      '@@ -2,7 +2,3 @@\n d\n-a\n c\n-d\n-d\n-c\n-  name: web\n+a\n',
    );
    const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const changed = lines.map((l, i) => (i === 2 || i === 17 ? `${l}!` : l));
    const out = unifiedDiff(file('A', lines.join('\n') + '\n'), file('B', changed.join('\n') + '\n'));
    expect(out.match(/^@@/gm)).toHaveLength(2);
    expect(out).toContain('@@ -1,6 +1,6 @@\n');
    expect(out).toContain('@@ -15,6 +15,6 @@\n');
  });
});
