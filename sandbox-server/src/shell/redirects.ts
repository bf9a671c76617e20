// Redirections: open files of the virtual FS (and /dev/null, /dev/stdout, /dev/stderr) as a command's streams.
import { ShellSyntaxError } from './lexer';
import type { Redirect } from './ast';
import { expandHeredoc, expandWord } from './expand';
import type { ExpandContext } from './expand';
import { FsError, resolvePath } from './fs';
import type { VirtualFs } from './fs';
import { EMPTY_INPUT, NULL_OUTPUT, stringInput } from './io';
import type { RunIo } from './io';
import type { OutputStream } from './types';

/**
 * openRedirects applies redirections left to right (so `>f 2>&1` and `2>&1 >f` differ, as in bash) and returns
 * the command's streams, or bash's error text (`f: No such file or directory`) when a file cannot be opened.
 * Output files are truncated at open and written through as data comes, so FS limits stop runaway writers.
 */
export async function openRedirects(
  redirects: Redirect[],
  io: RunIo,
  fs: VirtualFs,
  cwd: string,
  expandCtx: ExpandContext,
): Promise<{ io: RunIo } | { error: string }> {
  try {
    return await applyRedirects(redirects, io, fs, cwd, expandCtx);
  } catch (error) {
    // An expansion error in a target or a here-document body (`$((1/0))`) fails this command only, as in bash.
    if (error instanceof ShellSyntaxError) return { error: error.message };
    throw error;
  }
}

async function applyRedirects(
  redirects: Redirect[],
  io: RunIo,
  fs: VirtualFs,
  cwd: string,
  expandCtx: ExpandContext,
): Promise<{ io: RunIo } | { error: string }> {
  const result: RunIo = { ...io };
  const setOutput = (fd: number, stream: OutputStream, tty: boolean): void => {
    if (fd === 1) {
      result.stdout = stream;
      result.stdoutIsTty = tty;
    } else if (fd === 2) {
      result.stderr = stream;
    }
  };
  for (const redirect of redirects) {
    if (redirect.heredoc) {
      const { body, expand } = redirect.heredoc;
      result.stdin = stringInput(expand ? await expandHeredoc(body, expandCtx) : body);
      result.stdinIsTty = false;
      continue;
    }
    const target = await expandWord(redirect.target, expandCtx);
    if (redirect.op === '<<<') {
      result.stdin = stringInput(`${target}\n`);
      result.stdinIsTty = false;
      continue;
    }
    if (redirect.op === '>&' && /^\d+$/.test(target)) {
      const source = Number(target);
      if (source === 1) setOutput(redirect.fd, result.stdout, result.stdoutIsTty);
      else if (source === 2) setOutput(redirect.fd, result.stderr, false);
      else return { error: `${target}: Bad file descriptor` };
      continue;
    }
    if (redirect.op === '<&') continue;
    if (target === '') return { error: ': No such file or directory' };
    if (redirect.op === '<') {
      if (target === '/dev/null') {
        result.stdin = EMPTY_INPUT;
      } else {
        try {
          result.stdin = stringInput(fs.readFile(resolvePath(cwd, target)));
        } catch (error) {
          if (error instanceof FsError) return { error: `${target}: ${error.message}` };
          throw error;
        }
      }
      result.stdinIsTty = false;
      continue;
    }
    const append = redirect.op === '>>' || redirect.op === '&>>';
    const opened = openOutput(fs, cwd, target, append, io);
    if ('error' in opened) return opened;
    if (redirect.op === '&>' || redirect.op === '&>>' || redirect.op === '>&') {
      setOutput(1, opened.stream, false);
      setOutput(2, opened.stream, false);
    } else {
      setOutput(redirect.fd, opened.stream, false);
    }
  }
  return { io: result };
}

function openOutput(
  fs: VirtualFs,
  cwd: string,
  target: string,
  append: boolean,
  io: RunIo,
): { stream: OutputStream } | { error: string } {
  if (target === '/dev/null') return { stream: NULL_OUTPUT };
  if (target === '/dev/stdout') return { stream: io.stdout };
  if (target === '/dev/stderr') return { stream: io.stderr };
  const path = resolvePath(cwd, target);
  try {
    if (fs.isDir(path)) return { error: `${target}: Is a directory` };
    if (!append || !fs.exists(path)) fs.writeFile(path, '');
  } catch (error) {
    if (error instanceof FsError) return { error: `${target}: ${error.message}` };
    throw error;
  }
  return {
    stream: {
      async write(data: string) {
        try {
          fs.writeFile(path, data, { append: true });
        } catch (error) {
          if (error instanceof FsError) throw new Error(`write error: ${error.message}`, { cause: error });
          throw error;
        }
      },
    },
  };
}
