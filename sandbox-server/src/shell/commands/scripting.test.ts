import { describe, expect, it } from 'vitest';
import { HOME } from '../fs';
import { createHarness } from '../harness';
import { applyMode } from './files';

describe('scripting commands', () => {
  it.each([
    ['[ -f f.txt ] && echo file', 'file\n'],
    ['[ -d f.txt ] || echo not-dir', 'not-dir\n'],
    ['test -z "" && test -n x && echo strings', 'strings\n'],
    ['[ 3 -lt 10 ] && [ abc != abd ] && echo compare', 'compare\n'],
    ['[ ! -e nope ] && echo absent', 'absent\n'],
    ['[ -f f.txt -a -s f.txt ] && echo both', 'both\n'],
    ['if [ "$(cat f.txt)" = contenu ]; then echo same; fi', 'same\n'],
    ['source vars.sh; echo $NS', 'prod\n'],
    ['. vars.sh && echo $NS', 'prod\n'],
    ['bash script.sh; echo "[$INNER]"', 'from script\n[]\n'],
    ['sh -c "echo a | tr a b"', 'b\n'],
    ['chmod 600 f.txt && ls -l f.txt | cut -c 1-10', '-rw-------\n'],
    ['chmod u+x,go-r f.txt && ls -l f.txt | cut -c 1-10', '-rwx------\n'],
  ])('%s', async (script, expected) => {
    const h = createHarness();
    h.fs.writeFile(`${HOME}/f.txt`, 'contenu\n');
    h.fs.writeFile(`${HOME}/vars.sh`, 'NS=prod\n');
    h.fs.writeFile(`${HOME}/script.sh`, 'INNER=1\necho from script\n');
    const result = await h.run(script);
    expect(result.err).toBe('');
    expect(result.out).toBe(expected);
  });

  it.each([
    ['[ 1 -eq', "bash: [: missing `]'\n", 2],
    ['[ a -eq 1 ]', 'bash: [: a: integer expression expected\n', 2],
    ['test a b', 'bash: test: a: unary operator expected\n', 2],
    ['source nope.sh', 'bash: nope.sh: No such file or directory\n', 1],
    ['bash nope.sh', 'bash: nope.sh: No such file or directory\n', 127],
    ['chmod abc f', "chmod: cannot access 'f': No such file or directory\n", 1],
  ])('fails like bash: %s', async (script, err, status) => {
    const result = await createHarness().run(script);
    expect(result.err).toBe(err);
    expect(result.status).toBe(status);
  });

  it.each([
    [0o644, '755', 0o755],
    [0o644, '+x', 0o755],
    [0o755, 'go-rx', 0o700],
    [0o600, 'a=r', 0o444],
    [0o644, 'z+q', undefined],
  ])('applies chmod modes: %o %s', (current, mode, expected) => {
    expect(applyMode(current, mode)).toBe(expected);
  });
});
