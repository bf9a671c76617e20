import { describe, expect, it } from 'vitest';
import { FrameDemuxer, LineSplitter, sinceParameter } from './logs';
import { cpuNanoCores, memoryWorkingSet } from './stats';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameDemuxer', () => {
  it.each([1, 3, 8, 13, 1000])('reassembles frames split into %i-byte chunks', (size) => {
    const bytes = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more output\n')]);
    const seen: string[] = [];
    const demuxer = new FrameDemuxer((kind, payload) => seen.push(`${kind}:${payload.toString()}`));
    for (let i = 0; i < bytes.length; i += size) demuxer.push(bytes.subarray(i, i + size));
    expect(seen.join('')).toBe('stdout:out\nstderr:err\nstdout:more output\n');
  });
});

describe('LineSplitter', () => {
  it('emits whole lines and flushes the rest with a newline', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('a\nb'));
    splitter.push(Buffer.from('c\n\nd'));
    splitter.flush();
    expect(lines).toEqual(['a\n', 'bc\n', '\n', 'd\n']);
  });
});

describe('sinceParameter', () => {
  it.each([
    [{}, 0],
    [{ sinceSeconds: 10 }, 1_699_999_990],
    [{ sinceTime: new Date(1_600_000_000_500) }, 1_600_000_000.5],
  ])('%j -> %d', (options, expected) => {
    expect(sinceParameter(options, 1_700_000_000_000)).toBe(expected);
  });
});

describe('stats', () => {
  it('computes nanocores between samples', () => {
    expect(cpuNanoCores(undefined, { cpuTotalNs: 5, at: 1 })).toBe(0);
    expect(cpuNanoCores({ cpuTotalNs: 0, at: 0 }, { cpuTotalNs: 250_000_000, at: 1000 })).toBe(250_000_000);
    expect(cpuNanoCores({ cpuTotalNs: 9, at: 0 }, { cpuTotalNs: 1, at: 1000 })).toBe(0);
  });

  it.each([
    [{ usage: 10_000, stats: { total_inactive_file: 4000 } }, 6000],
    [{ usage: 10_000, stats: { inactive_file: 1000 } }, 9000],
    [{ usage: 100, stats: { total_inactive_file: 4000 } }, 0],
  ])('working set of %j is %i', (memory_stats, expected) => {
    expect(memoryWorkingSet({ memory_stats })).toBe(expected);
  });
});
