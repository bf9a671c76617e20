import { describe, expect, it } from 'vitest';
import { HOME, VirtualFs } from './fs';
import { readAll } from './io';
import { ScreenModel } from './screen-model';
import { createShellSession } from './session';
import type { ShellSessionOptions } from './session';
import type { Command } from './types';

const PROMPT = 'apprenant@atelier:~$';
const NOW = new Date(Date.UTC(2026, 10, 29, 14, 16, 38));

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function open(options: Partial<ShellSessionOptions> & { cols?: number; rows?: number } = {}) {
  const fs = options.fs ?? new VirtualFs();
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const screen = new ScreenModel(cols, rows);
  let raw = '';
  const exits: number[] = [];
  const session = createShellSession({
    now: () => NOW,
    ...options,
    fs,
    cols,
    rows,
    onExit: (s) => exits.push(s),
  });
  session.onData((data) => {
    raw += data;
    screen.write(data);
  });
  const lastLine = (): string => screen.lines()[screen.row];
  return {
    session,
    fs,
    screen,
    exits,
    raw: () => raw,
    lastLine,
    /** type sends keys, then waits for the prompt to come back. */
    async run(keys: string): Promise<string[]> {
      const before = raw.length;
      session.write(keys);
      await until(() => raw.length > before && raw.endsWith('$ ') && !raw.endsWith('> '), 'the prompt');
      return screen.lines();
    },
  };
}

const recordingKubectl =
  (stdins: string[]): Command =>
  async (ctx) => {
    if (ctx.argv[1] === 'apply') {
      const text = await readAll(ctx.stdin);
      stdins.push(text);
      await ctx.stdout.write(`pod/${/name: (\S+)/.exec(text)?.[1]} created\n`);
      return 0;
    }
    await ctx.stdout.write('NAME   READY   STATUS\nweb    1/1     Running\n');
    return 0;
  };

describe('shell session', () => {
  it('shows the prompt, runs a command and prompts again', async () => {
    const t = open();
    expect(t.screen.lines()[0]).toBe(PROMPT);
    const lines = await t.run('echo bonjour\r');
    expect(lines.slice(0, 3)).toEqual([`${PROMPT} echo bonjour`, 'bonjour', PROMPT]);
  });

  it('echoes a keystroke as the bare character', () => {
    const t = open();
    const before = t.raw().length;
    t.session.write('l');
    expect(t.raw().slice(before)).toBe('l');
  });

  it.each([
    ['left arrow insertion', 'echo wrld\x1b[D\x1b[D\x1b[Do', 'echo world'],
    ['Home and End', 'cho x\x01e\x05y', 'echo xy'],
    ['Ctrl-W', 'echo un deux\x17trois', 'echo un trois'],
    ['Ctrl-U', 'rm -rf tout\x15ls', 'ls'],
    ['Ctrl-K then yank', 'echo abc\x1b[D\x1b[D\x0b\x19\x19', 'echo abcbc'],
    ['Backspace and Delete', 'echo abxc\x7f\x7fc\x01\x1b[3~', 'cho abc'],
    ['AZERTY characters', 'echo éàç€ù|~#{[', 'echo éàç€ù|~#{['],
    ['split escape sequence', 'echo ab\x1b', 'echo ab'],
  ])('edits the line: %s', (_name, keys, expected) => {
    const t = open();
    t.session.write(keys);
    expect(t.screen.lines()[0]).toBe(`${PROMPT} ${expected}`);
  });

  it('keeps the cursor right on long wrapped lines and wide characters', () => {
    const t = open({ cols: 30 });
    t.session.write(`echo ${'x'.repeat(30)}日本語`);
    t.session.write('\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C');
    t.session.write('AB');
    expect(t.screen.lines().slice(0, 3).join('')).toBe(`${PROMPT} echo AB${'x'.repeat(30)}日本語`);
    t.session.write('\x05\x7f');
    expect(t.screen.lines().slice(0, 3).join('')).toBe(`${PROMPT} echo AB${'x'.repeat(30)}日本`);
  });

  it('walks the history with arrows and persists it in ~/.bash_history', async () => {
    const t = open();
    await t.run('echo un\r');
    await t.run('echo deux\r');
    t.session.write('\x1b[A\x1b[A');
    expect(t.lastLine()).toBe(`${PROMPT} echo un`);
    t.session.write('\x1b[B');
    expect(t.lastLine()).toBe(`${PROMPT} echo deux`);
    expect(t.fs.readFile(`${HOME}/.bash_history`)).toBe('echo un\necho deux\n');
    const again = open({ fs: t.fs });
    again.session.write('\x1b[A');
    expect(again.lastLine()).toBe(`${PROMPT} echo deux`);
  });

  it('searches the history backwards with Ctrl-R', async () => {
    const t = open();
    await t.run('kubectl get pods\r');
    await t.run('echo autre\r');
    t.session.write('\x12get');
    expect(t.lastLine()).toBe("(reverse-i-search)`get': kubectl get pods");
    t.session.write('\x1b[C');
    expect(t.lastLine()).toBe(`${PROMPT} kubectl get pods`);
  });

  it('completes commands, files, directories and kubectl words', async () => {
    const complete = async (words: string[], index: number): Promise<string[]> =>
      index === 1
        ? ['get', 'describe', 'delete']
        : index === 2 && words[1] === 'get'
          ? ['pods', 'deployments']
          : [];
    const t = open({ complete });
    t.fs.writeFile(`${HOME}/pod.yaml`, '');
    t.fs.mkdir(`${HOME}/manifests`);
    const typed = async (keys: string, expected: string) => {
      t.session.write(keys);
      // The screen model trims trailing blanks; the cursor column tells whether a space was inserted.
      await until(() => t.lastLine() === `${PROMPT} ${expected}`.trimEnd(), `"${expected}"`);
      expect(t.screen.col).toBe(PROMPT.length + 1 + expected.length);
    };
    await typed('ech\t', 'echo ');
    await typed('\x15cat p\t', 'cat pod.yaml ');
    await typed('\x15cd m\t', 'cd manifests/');
    await typed('\x15k g\t', 'k get ');
    await typed('po\t', 'k get pods ');
    await typed('\x15kubectl de\t', 'kubectl de');
    t.session.write('\t');
    await until(() => t.screen.text().includes('delete    describe'), 'the candidate list');
    expect(t.lastLine()).toBe(`${PROMPT} kubectl de`);
  });

  it('cancels the line with Ctrl-C and sets $? to 130', async () => {
    const t = open();
    t.session.write('echo oublie\x03');
    const lines = await t.run('echo $?\r');
    expect(lines.slice(0, 4)).toEqual([`${PROMPT} echo oublie^C`, `${PROMPT} echo $?`, '130', PROMPT]);
  });

  it('interrupts a running sleep with Ctrl-C', async () => {
    const t = open();
    t.session.write('sleep 100\r');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    const lines = await t.run('\x03');
    expect(Date.now() - started).toBeLessThan(500);
    expect(lines.slice(0, 3)).toEqual([`${PROMPT} sleep 100`, '^C', PROMPT]);
    expect((await t.run('echo $?\r')).slice(3, 4)).toEqual(['130']);
  });

  it('runs watch full screen with the procps header and restores the screen on Ctrl-C', async () => {
    const stdins: string[] = [];
    const t = open({ kubectl: recordingKubectl(stdins), hostname: 'atelier' });
    t.session.write('watch -n 1 kubectl get pods\r');
    await until(() => t.screen.lines()[0].startsWith('Every 1.0s: kubectl get pods'), 'the watch header');
    expect(t.screen.lines()[0]).toBe(
      `Every 1.0s: kubectl get pods${' '.repeat(19)}atelier: Sun Nov 29 14:16:38 2026`,
    );
    expect(t.screen.lines().slice(1, 4)).toEqual(['', 'NAME   READY   STATUS', 'web    1/1     Running']);
    const lines = await t.run('\x03');
    expect(lines[0]).toBe(`${PROMPT} watch -n 1 kubectl get pods`);
    expect(lines).toContain(PROMPT);
  });

  it('asks for more lines with "> " and runs a typed heredoc into kubectl', async () => {
    const stdins: string[] = [];
    const t = open({ kubectl: recordingKubectl(stdins) });
    t.session.write('cat <<EOF | k apply -f -\r');
    expect(t.lastLine()).toBe('>');
    t.session.write('metadata:\r  name: web\r');
    const lines = await t.run('EOF\r');
    expect(stdins).toEqual(['metadata:\n  name: web\n']);
    expect(lines.slice(0, 5)).toEqual([
      `${PROMPT} cat <<EOF | k apply -f -`,
      '> metadata:',
      '>   name: web',
      '> EOF',
      'pod/web created',
    ]);
  });

  it('runs a bracketed paste of several lines one after the other', async () => {
    const t = open();
    t.session.write('\x1b[200~echo un\recho deux\r\x1b[201~');
    await until(() => t.screen.text().includes('deux\n'), 'both lines');
    expect(t.screen.lines().slice(0, 5)).toEqual([
      `${PROMPT} echo un`,
      'un',
      `${PROMPT} echo deux`,
      'deux',
      PROMPT,
    ]);
  });

  it('lets a command read the terminal until Ctrl-D', async () => {
    const t = open();
    t.session.write('wc -l\r');
    t.session.write('a\rb\r');
    const lines = await t.run('\x04');
    expect(lines.slice(0, 4)).toEqual([`${PROMPT} wc -l`, 'a', 'b', '2']);
  });

  it('edits a file with the terminal line editor when no page is attached', async () => {
    const t = open();
    t.fs.writeFile(`${HOME}/notes.txt`, 'un\n');
    await t.run('vi notes.txt\ra\rdeux\r.\rwq\r');
    expect(t.fs.readFile(`${HOME}/notes.txt`)).toBe('un\ndeux\n');
    expect(t.screen.text()).toContain('« notes.txt » enregistré (2 lignes).');
  });

  it('sends a file to the page editor and saves what comes back', async () => {
    const opened: [string, string][] = [];
    const t = open({
      openEditor: async (path, content) => {
        opened.push([path, content]);
        return 'kind: Pod\n';
      },
    });
    await t.run('edit pod.yaml\r');
    expect(opened).toEqual([[`${HOME}/pod.yaml`, '']]);
    expect(t.fs.readFile(`${HOME}/pod.yaml`)).toBe('kind: Pod\n');
  });

  it('routes curl to the injected http function, or fails like curl without it', async () => {
    const t = open({
      http: async (url, request) => ({
        status: 200,
        statusText: 'OK',
        headers: {},
        body: `${request.method} ${url}\n`,
      }),
    });
    expect((await t.run('curl -s web.default.svc\r'))[1]).toBe('GET http://web.default.svc/');
    const offline = open();
    expect((await offline.run('curl http://web/\r'))[1]).toBe('curl: (6) Could not resolve host: web');
  });

  it('clears the screen with Ctrl-L and with clear', async () => {
    const t = open();
    await t.run('echo a\r');
    t.session.write('\x0cls');
    expect(t.screen.lines()[0]).toBe(`${PROMPT} ls`);
    t.session.write('\x15');
    const lines = await t.run('clear\r');
    expect(lines[0]).toBe(PROMPT);
  });

  it('exits with Ctrl-D on an empty line and with exit N', async () => {
    const t = open();
    t.session.write('\x04');
    expect(t.exits).toEqual([0]);
    expect(t.session.closed).toBe(true);
    const u = open();
    u.session.write('exit 5\r');
    await until(() => u.exits.length > 0, 'exit');
    expect(u.exits).toEqual([5]);
    expect(u.raw()).toContain('exit\r\n');
  });

  it('shows the working directory in the prompt', async () => {
    const t = open();
    const lines = await t.run('mkdir -p a/b && cd a/b\r');
    expect(lines[1]).toBe('apprenant@atelier:~/a/b$');
    expect((await t.run('cd /tmp\r'))[2]).toBe('apprenant@atelier:/tmp$');
  });
});
