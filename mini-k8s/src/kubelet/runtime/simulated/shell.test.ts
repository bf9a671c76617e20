import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedRuntime } from './simulated-runtime';

const decoder = new TextDecoder();

describe('simulated shell (through exec)', () => {
  const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const sandbox = await runtime.runPodSandbox({
      name: 'sh',
      namespace: 'ns',
      uid: 'u',
      hostname: 'shell-pod',
    });
    for (const image of ['busybox', 'nginx', 'ubuntu']) {
      await runtime.pullImage(image);
      ids[image] = await runtime.createContainer(sandbox, {
        name: image,
        image,
        // nginx keeps its server (localhost tests); the others just wait.
        command: image === 'nginx' ? undefined : ['sleep', 'infinity'],
        env: [{ name: 'GREETING', value: 'bonjour' }],
      });
      await runtime.startContainer(ids[image]);
    }
  });
  afterAll(() => runtime.close());

  const run = async (image: string, cmd: string[]): Promise<{ out: string; err: string; code: number }> => {
    let out = '';
    let err = '';
    const { exitCode } = await runtime.exec(ids[image], cmd, {
      onStdout: (c) => (out += decoder.decode(c)),
      onStderr: (c) => (err += decoder.decode(c)),
    });
    return { out, err, code: exitCode };
  };

  it.each([
    { script: 'echo $GREETING "$HOSTNAME"', out: 'bonjour shell-pod\n' },
    { script: 'echo \'a  b\' "c  d" e\\ f', out: 'a  b c  d e f\n' },
    {
      script: 'i=0; while [ $i -lt 3 ]; do echo "$i: tick"; i=$((i+1)); done',
      out: '0: tick\n1: tick\n2: tick\n',
    },
    { script: 'for x in a b c; do printf "%s," $x; done; echo', out: 'a,b,c,\n' },
    { script: 'true && echo yes || echo no; false && echo yes || echo no', out: 'yes\nno\n' },
    { script: 'if [ -f /etc/hosts ]; then echo file; else echo none; fi', out: 'file\n' },
    { script: 'echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | wc -l', out: '2\n' },
    { script: 'echo "x=$(echo inner)" ${UNSET:-fallback} ${#GREETING}', out: 'x=inner fallback 7\n' },
    { script: 'mkdir -p /tmp/d/e && cd /tmp/d && touch e/z && ls e && pwd', out: 'z\n/tmp/d\n' },
    {
      script: 'printf "b\\na\\nb\\n" > /tmp/g; grep -c b /tmp/g; head -n 1 /tmp/g; tail -n 1 /tmp/g',
      out: '2\nb\nb\n',
    },
    { script: 'cat /etc/hostname; hostname', out: 'shell-pod\nshell-pod\n' },
    { script: 'while true; do n=$((n+1)); if [ $n -ge 500 ]; then break; fi; done; echo $n', out: '500\n' },
    { script: '(exit 7); echo $?', out: '7\n' },
  ])('runs `$script`', async ({ script, out }) => {
    const result = await run('busybox', ['sh', '-c', script]);
    expect(result.err).toBe('');
    expect(result.out).toBe(out);
  });

  it.each([
    { image: 'busybox', cmd: ['sh', '-c', 'nope'], err: 'sh: nope: not found\n', code: 127 },
    { image: 'nginx', cmd: ['sh', '-c', 'nope'], err: 'sh: 1: nope: not found\n', code: 127 },
    {
      image: 'ubuntu',
      cmd: ['bash', '-c', 'nope'],
      err: 'bash: line 1: nope: command not found\n',
      code: 127,
    },
    { image: 'nginx', cmd: ['sh', '-c', 'ps'], err: 'sh: 1: ps: not found\n', code: 127 },
    {
      image: 'busybox',
      cmd: ['cat', '/missing'],
      err: "cat: can't open '/missing': No such file or directory\n",
      code: 1,
    },
    { image: 'busybox', cmd: ['sh', '-c', 'exit 42'], err: '', code: 42 },
    {
      image: 'busybox',
      cmd: ['sh', '-c', 'cd /nope'],
      err: "sh: cd: can't cd to /nope: No such file or directory\n",
      code: 2,
    },
    {
      image: 'ubuntu',
      cmd: ['bash', '-c', 'cd /nope'],
      err: 'bash: cd: /nope: No such file or directory\n',
      code: 1,
    },
    {
      image: 'busybox',
      cmd: ['sh', '-c', 'while true; do'],
      err: 'sh: syntax error: unexpected end of file\n',
      code: 2,
    },
  ])('reports $cmd in $image', async ({ image, cmd, err, code }) => {
    const result = await run(image, cmd);
    expect(result.err).toBe(err);
    expect(result.code).toBe(code);
  });

  it('lists processes with ps and reports unknown pids to kill', async () => {
    const result = await run('busybox', ['ps']);
    expect(result.out).toMatch(/^PID\s+USER\s+TIME\s+COMMAND\n\s+1 root .* sleep infinity\n/);
    expect((await run('busybox', ['kill', '999'])).err).toBe("kill: can't kill pid 999: No such process\n");
  });

  it('resolves localhost to the pod itself for wget and curl', async () => {
    const nginx = await run('busybox', ['wget', '-qO-', 'http://localhost/']);
    expect(nginx.out).toContain('Welcome to nginx!');
    const refused = await run('busybox', ['wget', '-qO-', 'http://localhost:9999/']);
    expect(refused).toMatchObject({
      code: 1,
      err: "wget: can't connect to remote host (localhost): Connection refused\n",
    });
    const unknown = await run('nginx', ['curl', '-s', 'http://my-svc/']);
    expect(unknown.code).toBe(6);
  });

  it('refuses exec of a binary missing from the image', async () => {
    await expect(run('busybox', ['bash'])).rejects.toThrow(
      'exec: "bash": executable file not found in $PATH',
    );
  });
});
