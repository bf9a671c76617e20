import { describe, expect, it } from 'vitest';
import type { List, SimpleCommand, Word } from './ast';
import { parse } from './parser';

function ok(source: string, aliases = new Map<string, string>()): List {
  const result = parse(source, aliases);
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.list;
}

function firstSimple(source: string, aliases?: Map<string, string>): SimpleCommand {
  const command = ok(source, aliases).items[0].andOr.first.commands[0];
  if (command.type !== 'simple') throw new Error('not simple');
  return command;
}

/** Literal text of a word that has no expansions. */
function text(word: Word): string {
  return word.parts.map((p) => (p.type === 'literal' ? p.text : `<${p.type}>`)).join('');
}

describe('parse', () => {
  it.each([
    ['echo a b', ['echo', 'a', 'b']],
    ['echo \'a b\' "c d" e\\ f', ['echo', 'a b', 'c d', 'e f']],
    ['echo "a\\"b" \'x\'"y"z', ['echo', 'a"b', 'xyz']],
    ['echo a\\\nb', ['echo', 'ab']],
    ['echo a # comment', ['echo', 'a']],
    ['echo a#b', ['echo', 'a#b']],
    ["echo ''", ['echo', '']],
    ['echo $HOME ${USER}x', ['echo', '<param>', '<param>x']],
    ['echo $(date) `pwd`', ['echo', '<command>', '<command>']],
  ])('splits %j into words', (source, words) => {
    expect(firstSimple(source).words.map(text)).toEqual(words);
  });

  it('parses pipelines and and-or lists', () => {
    const list = ok('a | b | c && d || e; f');
    expect(list.items).toHaveLength(2);
    expect(list.items[0].andOr.first.commands).toHaveLength(3);
    expect(list.items[0].andOr.rest.map((r) => r.op)).toEqual(['&&', '||']);
  });

  it('parses redirections and fd numbers', () => {
    const command = firstSimple('cmd >out 2>&1 <in >>log 2>err &>all');
    expect(command.redirects.map((r) => [r.fd, r.op, text(r.target)])).toEqual([
      [1, '>', 'out'],
      [2, '>&', '1'],
      [0, '<', 'in'],
      [1, '>>', 'log'],
      [2, '>', 'err'],
      [1, '&>', 'all'],
    ]);
  });

  it('parses assignments before a command and alone', () => {
    const command = firstSimple('A=1 B="x y" env');
    expect(command.assignments.map((a) => [a.name, text(a.value)])).toEqual([
      ['A', '1'],
      ['B', 'x y'],
    ]);
    expect(command.words.map(text)).toEqual(['env']);
    expect(firstSimple('A=1').words).toEqual([]);
  });

  it.each([
    ['cat <<EOF\nhello $USER\nEOF\n', 'hello $USER\n', true],
    ["cat <<'EOF'\nhello $USER\nEOF\n", 'hello $USER\n', false],
    ['cat <<-EOF\n\thello\n\tEOF\n', 'hello\n', true],
    ['cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF', 'kind: Pod\n', true],
  ])('reads the heredoc of %j', (source, body, expand) => {
    expect(firstSimple(source).redirects[0].heredoc).toEqual({ body, expand });
  });

  it('parses compound commands', () => {
    const list = ok(
      'if true; then echo a; elif false; then echo b; else echo c; fi; for i in 1 2; do echo $i; done',
    );
    expect(list.items.map((i) => i.andOr.first.commands[0].type)).toEqual(['if', 'for']);
    expect(ok('while false; do :; done').items[0].andOr.first.commands[0].type).toBe('while');
    expect(ok('{ echo a; } > f').items[0].andOr.first.commands[0].type).toBe('group');
    expect(ok('(cd /tmp && ls)').items[0].andOr.first.commands[0].type).toBe('subshell');
  });

  it.each([
    "echo 'abc",
    'echo "abc',
    'echo abc |',
    'echo abc &&',
    'echo abc \\',
    'cat <<EOF\nabc\n',
    'if true; then',
    'for i in 1 2; do echo',
    'echo $(date',
  ])('asks for more input after %j', (source) => {
    expect(parse(source)).toEqual({ kind: 'incomplete' });
  });

  it.each([
    ['| grep a', "syntax error near unexpected token `|'"],
    ['echo a ;; b', "syntax error near unexpected token `;;'"],
    ['echo >', "syntax error near unexpected token `newline'"],
    ['echo a && && b', "syntax error near unexpected token `&&'"],
    ['fi', "syntax error near unexpected token `fi'"],
    ['echo )', "syntax error near unexpected token `)'"],
  ])('reports bash syntax errors for %j', (source, message) => {
    expect(parse(source)).toEqual({ kind: 'error', message });
  });

  it('expands aliases in command position only, without recursion', () => {
    const aliases = new Map([
      ['k', 'kubectl'],
      ['ll', 'ls -l'],
      ['ls', 'ls --color=auto'],
    ]);
    expect(firstSimple('k get pods', aliases).words.map(text)).toEqual(['kubectl', 'get', 'pods']);
    expect(firstSimple('echo k', aliases).words.map(text)).toEqual(['echo', 'k']);
    expect(firstSimple('ll /tmp', aliases).words.map(text)).toEqual(['ls', '--color=auto', '-l', '/tmp']);
    expect(firstSimple("'k' x", aliases).words.map(text)).toEqual(['k', 'x']);
    const piped = ok('echo a | k apply -f -', aliases).items[0].andOr.first.commands[1] as SimpleCommand;
    expect(piped.words.map(text)).toEqual(['kubectl', 'apply', '-f', '-']);
  });
});
