/**
 * Property-based fuzzing of the built-in shell: random command lines built from the shell's grammar (pipes,
 * `&&`, `||`, `;`, quotes, `$VAR`, `$(…)`, redirections, heredocs, globs, unknown commands, huge words,
 * control characters) run through the real interpreter with our kubectl against a real in-process cluster.
 * Properties: the interpreter never throws and never hangs, the status is a byte, errors are shell messages
 * (never a JavaScript error leaking out), broken syntax fails with a message and a non-zero status, the
 * virtual file system stays within its limits and its accounting matches its content, and the session keeps
 * working afterwards. FUZZ_RUNS and FUZZ_SEED replay or extend a run.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxCluster, type SandboxCluster } from '../sandboxes/cluster';
import { kubectlCommand } from '../terminal/builtin-shell';
import { VirtualFs, type SerializedNode } from './fs';
import { createHarness } from './harness';

const FS_LIMITS = { maxFileBytes: 64 * 1024, maxTotalBytes: 256 * 1024, maxNodes: 300 };
const LIMITS = {
  ...FS_LIMITS,
  maxOutputBytes: 256 * 1024,
  maxSteps: 5000,
  maxLineMs: 3000,
  maxCaptureBytes: 64 * 1024,
};
/** STOPPED_BY_A_LIMIT finds the notices of `abortNotice` (run-budget.ts) for the steps, time and output limits. */
const STOPPED_BY_A_LIMIT = /bash: limite atteinte : |\[sortie tronquée : /;
/** A line that has not finished this long after its own time limit is hung. */
const HANG_MS = LIMITS.maxLineMs + 12_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** FUZZ_SEED replays the seed a failure printed (every property takes it). */
const SEED = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};

let dir: string;
let cluster: SandboxCluster;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-fuzz-'));
  cluster = await createSandboxCluster({
    file: path.join(dir, 'c.sqlite'),
    nodes: 2,
    adminToken: 'admin',
    speed: 0,
  });
}, 60_000);
afterAll(async () => {
  await cluster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- the grammar -------------------------------------------------------------------------------------------

const name = fc.constantFrom('a', 'web', 'x.txt', 'dir', 'notes.md', 'data', 'f-1');
const control = fc
  .array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 4 })
  .map((codes) => String.fromCharCode(...codes));
const plain = fc.oneof(
  name,
  fc.string({ maxLength: 12 }),
  fc.constantFrom('-n', '-e', '-l', '-r', '--help', '-1', '--', '-', '0', '999999', '-o', 'yaml', 'json'),
);
const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: plain },
  { weight: 2, arbitrary: plain.map((s) => `'${s.replaceAll("'", '')}'`) },
  { weight: 2, arbitrary: plain.map((s) => `"${s.replaceAll('"', '')} $HOME"`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('$A', '${A}', '${B:-def}', '$?', '$#', '$0', '$((1+2))', '$((1/0))', '~'),
  },
  { weight: 2, arbitrary: fc.constantFrom('*', '?', '*.txt', '[ab]*', '/tmp/*', 'dir/*', '**') },
  { weight: 1, arbitrary: control },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: plain.map((s) => `$(echo ${s})`) },
);
const kubectlArgs = fc.oneof(
  fc.constantFrom(
    'get pods',
    'get nodes -o wide',
    'get cm -o yaml',
    'get ns',
    'get all -A',
    'create configmap fuzz-cm --from-literal=k=v',
    'delete configmap fuzz-cm',
    'get configmap fuzz-cm -o jsonpath={.data.k}',
    'apply -f dir/cm.yaml',
    'apply -f -',
    'describe node',
    'run web --image=nginx:1.27',
    'delete pod web --wait=false',
    'get pods --watch=false',
    'explain pods',
    'version --client',
    'api-resources',
    'frobnicate',
    'get',
    'get pods -o badformat',
    'create deployment d --image=nginx --replicas=-1',
  ),
  fc.array(word, { maxLength: 3 }).map((ws) => ws.join(' ')),
);
const command = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'echo',
      'printf',
      'cat',
      'ls',
      'wc',
      'head',
      'tail',
      'sort',
      'uniq',
      'grep',
      'tr',
      'cut',
      'base64',
      'seq',
      'true',
      'false',
      'test',
      '[',
      'mkdir',
      'touch',
      'rm',
      'cp',
      'mv',
      'tee',
      'cd',
      'pwd',
      'export',
      'unset',
      'type',
      'which',
      'env',
      'date',
      'xargs',
      'sleep',
      'chmod',
      'history',
      'help',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('frobnicate', 'apt-get', 'sudo', 'docker', './script.sh', '/bin/nope'),
  },
);
const simple = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(command, fc.array(word, { maxLength: 4 })).map(([c, ws]) => [c, ...ws].join(' ')),
  },
  { weight: 3, arbitrary: kubectlArgs.map((a) => `kubectl ${a}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('A=1', 'A="a b"', 'B=', 'yes | head -n 3', 'seq 1 100000 | wc -l'),
  },
);
const redirect = fc.constantFrom(
  '',
  '',
  '',
  ' > out.txt',
  ' >> out.txt',
  ' < x.txt',
  ' 2>&1',
  ' 2>/dev/null',
  ' > dir/cm.yaml',
  ' > /',
  ' > /proc/x',
);
const heredoc = fc
  .tuple(
    fc.constantFrom('cat', 'kubectl apply -f -', 'wc -l', 'grep a'),
    fc.array(plain, { maxLength: 5 }),
    fc.boolean(),
  )
  .map(([c, lines, closed]) => `${c} <<EOF\n${lines.join('\n')}\n${closed ? 'EOF' : ''}`);
const pipeline = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.tuple(simple, redirect).map(([s, r]) => s + r),
        { minLength: 1, maxLength: 3 },
      )
      .map((p) => p.join(' | ')),
  },
  { weight: 1, arbitrary: heredoc },
  { weight: 1, arbitrary: simple.map((s) => `( ${s} )`) },
  { weight: 1, arbitrary: simple.map((s) => `for i in 1 2 3; do ${s}; done`) },
  { weight: 1, arbitrary: simple.map((s) => `if ${s}; then echo oui; else echo non; fi`) },
);
const line = fc
  .tuple(
    pipeline,
    fc.array(fc.tuple(fc.constantFrom(' && ', ' || ', ' ; ', '\n'), pipeline), { maxLength: 3 }),
  )
  .map(([first, rest]) => first + rest.map(([op, p]) => op + p).join(''));
/** Broken lines: the parser must reject them with a message and status 2, not throw. */
// A `#` starting a word begins a comment, which would swallow the trailing operator (valid bash, as in bash).
const uncommented = line.filter((l) => !l.includes('#'));
const broken = fc.oneof(
  uncommented.map((l) => `${l} |`),
  uncommented.map((l) => `${l} &&`),
  line.map((l) => `echo "${l.replaceAll('"', '')}`),
  line.map((l) => `echo '${l.replaceAll("'", '')}`),
  fc.constantFrom(
    '| echo',
    '&& true',
    ';;',
    'if true; then',
    'for i in; do',
    'done',
    'fi',
    '( echo',
    'echo )',
    'echo $(',
    'echo ${',
    '$((1+))',
    'cat <',
  ),
);

// ---- the properties ----------------------------------------------------------------------------------------

/** Shell keywords are not commands. */
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'in',
  'do',
  'done',
  'while',
  'until',
  'case',
  'esac',
  'function',
  'select',
  'time',
]);

/** LEAK matches a JavaScript error or object printed to the learner instead of a shell message. */
const LEAK =
  /TypeError|ReferenceError|RangeError|SyntaxError: |Cannot read propert|undefined is not|is not a function|\[object Object\]|\n\s+at .+:\d+:\d+/;

function walk(node: SerializedNode): { bytes: number; nodes: number; biggest: number } {
  if (node.kind === 'file') {
    const bytes = Buffer.byteLength(node.content);
    return { bytes, nodes: 0, biggest: bytes };
  }
  let total = { bytes: 0, nodes: 0, biggest: 0 };
  for (const child of Object.values(node.children)) {
    const sub = walk(child);
    total = {
      bytes: total.bytes + sub.bytes,
      nodes: total.nodes + 1 + sub.nodes,
      biggest: Math.max(total.biggest, sub.biggest),
    };
  }
  return total;
}

async function runBounded(shell: ReturnType<typeof createHarness>, script: string) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hung for ${HANG_MS} ms: ${JSON.stringify(script.slice(0, 300))}`)),
      HANG_MS,
    );
  });
  try {
    return await Promise.race([shell.run(script), hung]);
  } finally {
    clearTimeout(timer);
  }
}

function newShell() {
  const vfs = new VirtualFs({ limits: FS_LIMITS });
  const shell = createHarness({ fs: vfs, limits: LIMITS, kubectl: kubectlCommand(async () => cluster) });
  return { shell, vfs };
}

async function checkSession(shell: ReturnType<typeof createHarness>, vfs: VirtualFs): Promise<void> {
  const tree = walk(vfs.serialize().root);
  const actual = { ...tree, nodes: tree.nodes + 1 }; // the root counts as a node
  expect(vfs.usage()).toEqual({ bytes: actual.bytes, nodes: actual.nodes });
  expect(actual.bytes).toBeLessThanOrEqual(FS_LIMITS.maxTotalBytes);
  expect(actual.nodes).toBeLessThanOrEqual(FS_LIMITS.maxNodes);
  expect(actual.biggest).toBeLessThanOrEqual(FS_LIMITS.maxFileBytes);
  const alive = await runBounded(shell, 'cd ~ && echo vivant');
  expect(alive).toEqual({ status: 0, out: 'vivant\n', err: '' });
}

describe('shell fuzzing', () => {
  it('survives random command lines with a real cluster behind kubectl', { timeout: 120_000 }, async () => {
    const { shell, vfs } = newShell();
    await shell.run(
      'mkdir -p dir && printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: f\\n" > dir/cm.yaml && echo a > x.txt',
    );
    await fc.assert(
      fc.asyncProperty(line, async (script) => {
        const result = await runBounded(shell, script);
        expect(Number.isInteger(result.status) && result.status >= 0 && result.status <= 255).toBe(true);
        expect(result.err).not.toMatch(LEAK);
        expect(result.out).not.toMatch(/\[object Object\]|\n\s+at .+\.ts:\d+:\d+/);
        if (result.status === 0) expect(result.err).not.toMatch(/^bash: .*erreur de syntaxe/m);
        await checkSession(shell, vfs);
      }),
      { numRuns: RUNS, ...SEED },
    );
    const ns = await shell.run('kubectl get ns -o name');
    expect(ns.status).toBe(0);
    expect(ns.out).toContain('namespace/default');
  });

  it('rejects broken syntax with a message and a non-zero status', { timeout: 60_000 }, async () => {
    const { shell, vfs } = newShell();
    await fc.assert(
      fc.asyncProperty(broken, async (script) => {
        const result = await runBounded(shell, script);
        expect(result.status).not.toBe(0);
        expect(result.err).not.toBe('');
        expect(result.err).not.toMatch(LEAK);
        await checkSession(shell, vfs);
      }),
      {
        numRuns: Math.ceil(RUNS / 2),
        ...SEED,
      },
    );
  });

  it(
    'ends a line with an unknown command with bash’s message and status 127',
    { timeout: 60_000 },
    async () => {
      const { shell, vfs } = newShell();
      const unknown = fc
        .stringMatching(/^[a-z][a-z0-9_-]{0,15}$/)
        .filter((n) => shell.interpreter.lookup(n).kind === 'none' && !RESERVED.has(n));
      await fc.assert(
        fc.asyncProperty(line, unknown, async (prefix, cmd) => {
          // Only well-formed prefixes: a broken one is a syntax error (status 2), tested above.
          fc.pre(shell.interpreter.parse(`${prefix}\nEOF\n:`).kind === 'ok');
          const result = await runBounded(shell, `${prefix}\nEOF\n${cmd} --x 2>&1 >/dev/null`);
          // A prefix that exhausts a limit of the line (`sleep 999999`, an endless loop, a flood) ends the whole
          // line with 124 before the command runs; those limits are the first property's business.
          fc.pre(!(result.status === 124 && STOPPED_BY_A_LIMIT.test(result.err + result.out)));
          expect(result.status).toBe(127);
          expect(result.out).toContain(`bash: ${cmd}: command not found\n`);
          await checkSession(shell, vfs);
        }),
        { numRuns: Math.ceil(RUNS / 3), ...SEED },
      );
    },
  );

  it('keeps the file system within its limits whatever is written', { timeout: 60_000 }, async () => {
    const { shell, vfs } = newShell();
    const write = fc
      .tuple(
        fc.constantFrom('yes', 'seq 1 50000', 'cat big', 'cat big big big'),
        fc.constantFrom('>', '>>'),
        fc.constantFrom('big', 'f1', 'dir/f2', 'tmp'),
        fc.boolean(),
      )
      .map(
        ([src, op, to, copy]) =>
          `mkdir -p dir; ${src} | head -c 70000 ${op} ${to}; ${copy ? `cp ${to} ${to}.copy; mkdir d$RANDOM` : `rm -f ${to}`}`,
      );
    await fc.assert(
      fc.asyncProperty(write, async (script) => {
        const result = await runBounded(shell, script);
        expect(result.err).not.toMatch(LEAK);
        await checkSession(shell, vfs);
      }),
      { numRuns: Math.ceil(RUNS / 3), ...SEED },
    );
    // Full or not, removing frees the space and writing works again.
    await shell.run('cd ~ && rm -rf ./* /tmp/*');
    expect(await shell.run('echo encore > ok.txt && cat ok.txt')).toEqual({
      status: 0,
      out: 'encore\n',
      err: '',
    });
  });
});
