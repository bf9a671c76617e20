import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from './commands';
import { HOME, VirtualFs } from './fs';
import { BufferWriter, readAll, stringInput } from './io';
import { Interpreter } from './interpreter';
import { resolveLimits } from './limits';
import type { ShellLimits } from './limits';
import type { Command } from './types';

/** fakeKubectl records what it was given and answers like a tiny kubectl. */
function fakeKubectl(calls: { argv: string[]; stdin: string; env: Record<string, string> }[]): Command {
  return async (ctx) => {
    const stdin = ctx.argv.includes('-') ? await readAll(ctx.stdin) : '';
    calls.push({ argv: ctx.argv, stdin, env: ctx.env });
    if (ctx.argv[1] === 'apply') {
      const name = /name: (\S+)/.exec(stdin)?.[1] ?? 'unknown';
      await ctx.stdout.write(`pod/${name} created\n`);
      return 0;
    }
    if (ctx.argv[1] === 'get') {
      await ctx.stdout.write(
        'NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5s\n',
      );
      return 0;
    }
    await ctx.stderr.write(`error: unknown command "${ctx.argv[1]}" for "kubectl"\n`);
    return 1;
  };
}

function makeShell(
  options: { limits?: Partial<ShellLimits>; kubectl?: Command; withKubectl?: boolean } = {},
) {
  const calls: { argv: string[]; stdin: string; env: Record<string, string> }[] = [];
  const fs = new VirtualFs({ now: () => Date.UTC(2026, 10, 29, 14, 16, 38) });
  const kubectl = options.kubectl ?? (options.withKubectl === false ? undefined : fakeKubectl(calls));
  const registry = createCommandRegistry({ kubectl });
  const shell = new Interpreter({
    fs,
    ...registry,
    limits: resolveLimits(options.limits),
    now: () => new Date(Date.UTC(2026, 10, 29, 14, 16, 38)),
  });
  const run = async (source: string, stdin = '', signal?: AbortSignal) => {
    const out = new BufferWriter();
    const err = new BufferWriter();
    const status = await shell.run(
      source,
      { stdin: stringInput(stdin), stdout: out, stderr: err, stdinIsTty: false, stdoutIsTty: false },
      signal,
    );
    return { status, out: out.text, err: err.text };
  };
  return { shell, fs, run, calls };
}

describe('Interpreter', () => {
  it.each([
    ['echo hello world', 'hello world\n', 0],
    ['echo -n a; echo b', 'ab\n', 0],
    ['echo \'a  b\' "$HOME"', `a  b ${HOME}\n`, 0],
    ['A=1; echo $A ${A}x "${B:-def}"', '1 1x def\n', 0],
    ['true && echo yes || echo no', 'yes\n', 0],
    ['false && echo yes || echo no', 'no\n', 0],
    ['false; echo $?', '1\n', 0],
    ['! false; echo $?', '0\n', 0],
    ['nope 2>/dev/null; echo $?', '127\n', 0],
    ['echo $(echo inner) `echo back`', 'inner back\n', 0],
    ['X="a   b"; echo $X; echo "$X"', 'a b\na   b\n', 0],
    ['echo ~ ~/x', `${HOME} ${HOME}/x\n`, 0],
    ['for i in 1 2 3; do echo -n $i; done; echo', '123\n', 0],
    ['if false; then echo a; elif true; then echo b; else echo c; fi', 'b\n', 0],
    ['i=0; while [ 1 ]; do break; done; echo ok', 'ok\n', 0],
    ['for i in a b c; do if [ 1 ]; then continue; fi; echo $i; done; echo end', 'end\n', 0],
    ['(cd /tmp; pwd); pwd', `/tmp\n${HOME}\n`, 0],
    ['{ echo a; echo b; } | wc -l', '2\n', 0],
    ['printf "%s-%03d|%-4s|\\n" x 7 ab', 'x-007|ab  |\n', 0],
    ['echo -e "a\\tb\\nc"', 'a\tb\nc\n', 0],
    ['seq 3 | sort -r | head -n 2', '3\n2\n', 0],
    ['yes | head -3', 'y\ny\ny\n', 0],
    ['exit 3; echo never', '', 3],
    ['i=1; i=$((i + 1)); echo $i $((i * 3)) "$((10 / 3))"', '2 6 3\n', 0],
    ['A=x; echo "${A:+set}" "${B:+set}" ${#A}', 'set  1\n', 0],
    ['n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo $n', '3\n', 0],
  ])('runs %j', async (source, out, status) => {
    const { run } = makeShell({ limits: {} });
    const result = await run(source);
    expect(result.err).toBe('');
    expect(result.out).toBe(out);
    expect(result.status).toBe(status);
  });

  it.each([
    ['nope', 'bash: nope: command not found\n', 127],
    ['k get pods', 'bash: kubectl: command not found\n', 127],
    ['./run.sh', 'bash: ./run.sh: No such file or directory\n', 127],
    ['echo a |', 'bash: syntax error: unexpected end of file\n', 2],
    ['| a', "bash: syntax error near unexpected token `|'\n", 2],
    ['cat missing', 'cat: missing: No such file or directory\n', 1],
    ['ls -z', "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2],
    ['ls --zz', "ls: unrecognized option '--zz'\nTry 'ls --help' for more information.\n", 2],
    ['head -n', "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n", 1],
    ['cd /nope', 'bash: cd: /nope: No such file or directory\n', 1],
    ['echo x > /nope/file', 'bash: /nope/file: No such file or directory\n', 1],
    ['cat < missing', 'bash: missing: No such file or directory\n', 1],
    ['mkdir /tmp', "mkdir: cannot create directory '/tmp': File exists\n", 1],
    ['rm /tmp', "rm: cannot remove '/tmp': Is a directory\n", 1],
    ['export 1A=b', "bash: export: `1A=b': not a valid identifier\n", 1],
    ['type nope', 'bash: type: nope: not found\n', 1],
    ['echo $((1/0))', 'bash: 1/0: division by 0 (error token is "0")\n', 1],
    ['echo ${A:?absent}', 'bash: A: absent\n', 1],
  ])('prints the real error for %j', async (source, err, status) => {
    const { run } = makeShell({ withKubectl: false });
    const result = await run(source);
    expect(result.err).toBe(err);
    expect(result.status).toBe(status);
  });

  it('fails only the command whose here-document expansion fails, then goes on (as bash)', async () => {
    const { run } = makeShell({ withKubectl: false });
    const result = await run('cat <<EOF\n$((1/0))\nEOF\necho after $?\nnope');
    expect(result.err).toBe('bash: 1/0: division by 0 (error token is "0")\nbash: nope: command not found\n');
    expect(result.out).toBe('after 1\n');
    expect(result.status).toBe(127);
  });

  it('feeds a heredoc through a pipe to kubectl, with variables expanded', async () => {
    const { run, calls } = makeShell();
    const result = await run(
      'NAME=web\ncat <<EOF | k apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: $NAME\nEOF\n',
    );
    expect(result).toEqual({ status: 0, out: 'pod/web created\n', err: '' });
    expect(calls[0].argv).toEqual(['kubectl', 'apply', '-f', '-']);
    expect(calls[0].stdin).toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n');
  });

  it('keeps quoted heredocs literal', async () => {
    const { run } = makeShell();
    expect((await run("cat <<'EOF'\n$HOME $(date)\nEOF")).out).toBe('$HOME $(date)\n');
  });

  it('redirects output to files, appends, and merges stderr', async () => {
    const { run, fs } = makeShell();
    await run(
      'echo un > f.txt; echo deux >> f.txt; cat nope 2> err.txt; ls nope > all.txt 2>&1; echo x &> both.txt',
    );
    expect(fs.readFile(`${HOME}/f.txt`)).toBe('un\ndeux\n');
    expect(fs.readFile(`${HOME}/err.txt`)).toBe('cat: nope: No such file or directory\n');
    expect(fs.readFile(`${HOME}/all.txt`)).toBe("ls: cannot access 'nope': No such file or directory\n");
    expect(fs.readFile(`${HOME}/both.txt`)).toBe('x\n');
    expect((await run('wc -l < f.txt; cat f.txt >/dev/null; echo $?')).out).toBe('2\n0\n');
  });

  it('passes exported variables and prefix assignments to commands', async () => {
    const { run, calls } = makeShell();
    await run('export NS=prod; LOCAL=1; K=v kubectl get pods');
    expect(calls[0].env.NS).toBe('prod');
    expect(calls[0].env.K).toBe('v');
    expect(calls[0].env.LOCAL).toBeUndefined();
    expect((await run('echo $K')).out).toBe('\n');
  });

  it('expands globs against the virtual file system', async () => {
    const { run } = makeShell();
    await run('touch a.yaml b.yaml c.txt .hidden.yaml; mkdir d; touch d/e.yaml');
    expect((await run('echo *.yaml')).out).toBe('a.yaml b.yaml\n');
    expect((await run('echo */*.yaml ?.txt')).out).toBe('d/e.yaml c.txt\n');
    expect((await run('echo "*.yaml" *.none')).out).toBe('*.yaml *.none\n');
  });

  it('defines, lists and removes aliases', async () => {
    const { run } = makeShell();
    // Like bash, an alias defined on a line applies from the next line on.
    expect((await run("alias kgp='kubectl get pods'; kgp")).status).toBe(127);
    expect((await run('kgp')).out).toContain('web    1/1');
    expect((await run('alias')).out).toBe("alias k='kubectl'\nalias kgp='kubectl get pods'\n");
    expect((await run('type k ls cd')).out).toBe(
      "k is aliased to `kubectl'\nls is /usr/bin/ls\ncd is a shell builtin\n",
    );
    await run('unalias kgp');
    expect((await run('kgp')).status).toBe(127);
  });

  it('changes directory with cd, cd - and cd ~', async () => {
    const { run, shell } = makeShell();
    expect((await run('mkdir -p a/b && cd a/b && pwd')).out).toBe(`${HOME}/a/b\n`);
    expect((await run('cd -')).out).toBe(`${HOME}\n`);
    await run('cd /tmp; cd');
    expect(shell.cwd).toBe(HOME);
  });

  it('stops a runaway loop at the step budget with a French notice', async () => {
    const { run } = makeShell({ limits: { maxSteps: 500 } });
    const result = await run('while true; do echo x > /dev/null; done');
    expect(result.status).toBe(124);
    expect(result.err).toContain('limite atteinte');
  });

  it('stops a line that runs past its time budget', async () => {
    const { run } = makeShell({ limits: { maxLineMs: 30 } });
    const result = await run('sleep 10');
    expect(result.status).toBe(124);
    expect(result.err).toMatch(/limite atteinte : la ligne tourne depuis plus de/);
  });

  it('aborts a running pipeline on Ctrl-C with status 130', async () => {
    const { run } = makeShell();
    const controller = new AbortController();
    const started = Date.now();
    const pending = run('sleep 100 | cat; echo not-reached', '', controller.signal);
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    expect(result.status).toBe(130);
    expect(result.out).toBe('');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aborts yes writing to /dev/null on Ctrl-C', async () => {
    const { run } = makeShell();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect((await run('yes > /dev/null', '', controller.signal)).status).toBe(130);
  });

  it('cuts huge terminal output with a French notice', async () => {
    const { shell } = makeShell({ limits: { maxOutputBytes: 1000 } });
    const out = new BufferWriter();
    const status = await shell.run('yes', {
      stdin: stringInput(''),
      stdout: out,
      stderr: out,
      stdinIsTty: true,
      stdoutIsTty: true,
    });
    expect(status).toBe(124);
    expect(out.text.startsWith('y\ny\n')).toBe(true);
    expect(out.text).toContain('[sortie tronquée : plus de 1000 octets affichés, commande arrêtée]');
    expect(out.text.length).toBeLessThan(1200);
  });

  it('bounds files written by redirections', async () => {
    const { run } = makeShell({ limits: {} });
    const result = await run('yes > big.txt');
    expect(result.status).toBe(1);
    expect(result.err).toBe('yes: write error: File too large\n');
  });

  it('runs xargs with the command registry', async () => {
    const { run } = makeShell();
    expect((await run('printf "a\\nb c\\n" | xargs -n 1 echo item')).out).toBe('item a\nitem b\nitem c\n');
    expect((await run('echo x y | xargs -I {} echo "<{}>"')).out).toBe('<x y>\n');
  });

  it('keeps subshell and pipeline changes local, like bash', async () => {
    const { run } = makeShell();
    expect((await run('A=1; (A=2); echo $A; echo | A=3; echo $A; B=$(A=4; echo $A); echo $A$B')).out).toBe(
      '1\n1\n14\n',
    );
  });
});
