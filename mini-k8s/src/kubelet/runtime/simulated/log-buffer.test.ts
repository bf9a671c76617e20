import { describe, expect, it } from 'vitest';
import { formatRfc3339Nano, LogBuffer } from './log-buffer';

describe('formatRfc3339Nano', () => {
  it.each([
    [Date.UTC(2024, 0, 1, 12, 0, 0, 0), 0, '2024-01-01T12:00:00Z'],
    [Date.UTC(2024, 0, 1, 12, 0, 0, 120), 0, '2024-01-01T12:00:00.12Z'],
    [Date.UTC(2024, 0, 1, 12, 0, 0, 5), 123456, '2024-01-01T12:00:00.005123456Z'],
  ])('%d + %d ns is %s', (ms, nanos, expected) => {
    expect(formatRfc3339Nano(ms, nanos)).toBe(expected);
  });
});

describe('LogBuffer', () => {
  it('keeps the last lines within its bounds and joins partial writes', async () => {
    const buffer = new LogBuffer(() => 1000, 3);
    buffer.write('stdout', 'a\nb');
    buffer.write('stdout', 'c\nd\ne\n');
    expect(buffer.text()).toBe('bc\nd\ne\n');
    let text = '';
    await buffer.read({ tailLines: 2, onData: (chunk) => (text += chunk) });
    expect(text).toBe('d\ne\n');
  });

  it('filters by sinceSeconds and stops a follow on close', async () => {
    let now = 0;
    const buffer = new LogBuffer(() => now);
    buffer.write('stdout', 'old\n');
    now = 60_000;
    buffer.write('stderr', 'new\n');
    let text = '';
    const follow = buffer.read({ sinceSeconds: 10, follow: true, onData: (chunk) => (text += chunk) });
    buffer.write('stdout', 'later\n');
    buffer.close();
    await follow;
    expect(text).toBe('new\nlater\n');
  });
});
