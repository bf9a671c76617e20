import { describe, expect, it } from 'vitest';
import { heredocDelimiter, manifestCommand, terminalKeystrokes } from './heredoc';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n';

describe('heredocDelimiter', () => {
  it.each([
    ['plain YAML', POD, 'EOF'],
    ['a line equal to EOF', 'a: 1\nEOF\nb: 2', 'EOF_1'],
    ['EOF and EOF_1 lines', 'EOF\n  EOF_1  \nx', 'EOF_2'],
    ['EOF inside a value only', 'note: EOF here', 'EOF'],
  ])('%s → %s', (_name, body, expected) => {
    expect(heredocDelimiter(body)).toBe(expected);
  });
});

describe('manifestCommand', () => {
  it.each([
    ['apply', 'kubectl apply -f -'],
    ['diff', 'kubectl diff -f -'],
    ['dry-run', 'kubectl apply --dry-run=server -f -'],
  ] as const)('%s pipes a quoted heredoc into %s', (action, kubectl) => {
    expect(manifestCommand(POD, action)).toBe(
      `cat <<'EOF' | ${kubectl}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nEOF`,
    );
  });

  it('normalises CRLF and drops trailing blank lines', () => {
    expect(manifestCommand('a: 1\r\nb: $HOME\r\n\r\n', 'apply')).toBe(
      "cat <<'EOF' | kubectl apply -f -\na: 1\nb: $HOME\nEOF",
    );
  });

  it('picks a delimiter that no YAML line can close early', () => {
    expect(manifestCommand('data: |\n  EOF\n', 'apply')).toBe(
      "cat <<'EOF_1' | kubectl apply -f -\ndata: |\n  EOF\nEOF_1",
    );
  });

  it.each(['', '  \n\n '])('returns undefined for blank YAML %j', (yaml) => {
    expect(manifestCommand(yaml, 'apply')).toBeUndefined();
  });
});

describe('terminalKeystrokes', () => {
  it.each([
    ['kubectl get nodes', 'kubectl get nodes\r'],
    ['kubectl get nodes\n', 'kubectl get nodes\r'],
    ["cat <<'EOF' | kubectl apply -f -\na: 1\nEOF", "cat <<'EOF' | kubectl apply -f -\ra: 1\rEOF\r"],
    ['a\r\nb', 'a\rb\r'],
  ])('%j → %j', (command, expected) => {
    expect(terminalKeystrokes(command)).toBe(expected);
  });
});
