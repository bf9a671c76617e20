import { describe, expect, it } from 'vitest';
import { TerminalInput } from './terminal-input';

async function next(input: TerminalInput): Promise<string | undefined> {
  const result = await input[Symbol.asyncIterator]().next();
  return result.done ? undefined : result.value;
}

describe('TerminalInput', () => {
  it('in cooked mode echoes, edits and delivers whole lines', async () => {
    let echoed = '';
    const input = new TerminalInput((text) => (echoed += text));
    input.feed('ls -z\x7fl\r');
    expect(await next(input)).toBe('ls -l\n');
    expect(echoed).toBe('ls -z\b \bl\r\n');
  });

  it('in raw mode delivers keys as typed (Ctrl-C, Ctrl-D, arrows) without echo, then cooks again', async () => {
    let echoed = '';
    const input = new TerminalInput((text) => (echoed += text));
    input.feed('ec');
    const restore = input.enterRaw();
    expect(input.raw).toBe(true);
    // A line started before going raw is handed over first, as typed.
    expect(await next(input)).toBe('ec');
    input.feed('ho\r');
    input.feed('\x03\x04\x1b[A');
    expect(await next(input)).toBe('ho\r');
    expect(await next(input)).toBe('\x03\x04\x1b[A');
    expect(echoed).toBe('ec');
    restore();
    restore(); // restoring twice is harmless
    expect(input.raw).toBe(false);
    input.feed('ok\r');
    expect(await next(input)).toBe('ok\n');
    expect(echoed).toBe('ecok\r\n');
  });
});
