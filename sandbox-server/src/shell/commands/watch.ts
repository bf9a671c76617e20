// watch: re-runs a command every N seconds in a full-screen redraw, like procps-ng watch.
import { formatDate, abortableDelay } from './basic';
import { getopts } from './options';
import type { Command } from '../types';

/** ENTER_ALT_SCREEN / LEAVE_ALT_SCREEN switch xterm's alternate screen (what curses does) and the cursor. */
export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[?25l';
export const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

/**
 * watchHeader is procps' first line: `Every 2.0s: CMD` on the left, `HOST: DATE` on the right edge; when the
 * terminal is too narrow the command is cut with `...`, then dropped.
 */
export function watchHeader(
  intervalSeconds: number,
  command: string,
  hostname: string,
  now: Date,
  width: number,
): string {
  const left = `Every ${intervalSeconds.toFixed(1)}s: `;
  const right = `${hostname}: ${formatDate(now, '%a %b %e %H:%M:%S %Y')}`;
  if (width < right.length) return '';
  const room = width - right.length;
  const full = left + command;
  if (room < full.length + 1) {
    if (room < left.length + 4) return ' '.repeat(room) + right;
    return `${full.slice(0, room - 4)}... ${right}`;
  }
  return full.padEnd(room) + right;
}

export const watch: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 't',
    withArg: 'n',
    long: { interval: { key: 'n', arg: true }, 'no-title': { key: 't' } },
    usage: 'Usage:\n watch [options] command',
    stopAtOperand: true,
  });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) {
    await ctx.stderr.write('\nUsage:\n watch [options] command\n');
    return 1;
  }
  const intervalText = opts.get('n') ?? '2';
  let interval = Number(intervalText.replace(',', '.'));
  if (!Number.isFinite(interval) || intervalText.trim() === '') {
    await ctx.stderr.write(`watch: failed to parse argument: '${intervalText}'\n`);
    return 1;
  }
  // procps clamps the interval to 0.1 s.
  interval = Math.max(0.1, interval);
  const command = opts.operands.join(' ');
  const { limits } = ctx.shell;
  const started = Date.now();
  ctx.shell.extendLineTimeout(limits.watchMaxMs + 5000);
  await ctx.stdout.write(ENTER_ALT_SCREEN);
  try {
    while (true) {
      ctx.shell.resetOutputBudget();
      const { output } = await ctx.shell.capture(command, ctx.signal);
      ctx.signal.throwIfAborted();
      const { cols, rows } = ctx.terminal;
      const header = opts.has('t')
        ? []
        : [watchHeader(interval, command, ctx.shell.hostname, ctx.shell.now(), cols), ''];
      const body = output
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => [...line].slice(0, cols).join(''));
      const lines = [...header, ...body].slice(0, rows);
      await ctx.stdout.write(`\x1b[H\x1b[2J${lines.join('\n')}`);
      if (Date.now() - started + interval * 1000 > limits.watchMaxMs) break;
      await abortableDelay(interval * 1000, ctx.signal);
    }
  } finally {
    if (!ctx.signal.aborted) await ctx.stdout.write(LEAVE_ALT_SCREEN);
  }
  await ctx.stderr.write(
    `watch : durée maximale atteinte (${Math.round(limits.watchMaxMs / 60000)} min), arrêt.\n`,
  );
  return 0;
};
