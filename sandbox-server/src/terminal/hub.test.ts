import { describe, expect, it } from 'vitest';
import { LineEchoTerminals } from '../../test/support/line-echo-terminal';
import { TerminalHub } from './hub';

function recorder() {
  const seen = { out: '', exits: [] as number[] };
  return {
    seen,
    client: { output: (d: string) => (seen.out += d), exited: (c: number) => seen.exits.push(c) },
  };
}

describe('TerminalHub', () => {
  it('opens one shell per sandbox and keeps a bounded scrollback', async () => {
    const provider = new LineEchoTerminals();
    const hub = new TerminalHub(provider, 10);
    const a = recorder();
    const first = await hub.attach('s1', 'l1', a.client, { cols: 80, rows: 24 });
    expect(first.scrollback).toBe('');
    first.write('hello world\r');
    const b = recorder();
    const second = await hub.attach('s1', 'l1', b.client, { cols: 80, rows: 24 });
    expect(second.scrollback).toHaveLength(10);
    expect(a.seen.out).toContain('echo: hello world');
    expect(provider.opened).toHaveLength(1);
    await hub.attach('s2', 'l2', recorder().client, { cols: 80, rows: 24 });
    expect(hub.sessions).toBe(2);
  });

  it.each([
    ['sleeping', 0],
    ['expired', 0],
    ['deleted', 0],
    ['creating', 1],
    ['ready', 1],
  ])('on a sandbox turning %s keeps %i shell(s)', async (state, remaining) => {
    const provider = new LineEchoTerminals();
    const hub = new TerminalHub(provider);
    const tab = recorder();
    await hub.attach('s1', 'l1', tab.client, { cols: 80, rows: 24 });
    hub.sandboxChanged({ sandboxId: 's1', state });
    await new Promise((r) => setImmediate(r));
    expect(hub.sessions).toBe(remaining);
    expect(tab.seen.exits).toEqual(remaining === 0 ? [0] : []);
    expect(provider.closed).toBe(1 - remaining);
  });
});
