import { describe, expect, it } from 'vitest';
import { humanDuration, parseTimestamp, translateTimestampSince } from './age';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  it.each([
    [-3 * S, '<invalid>'],
    [-2 * S, '<invalid>'],
    [-1999, '0s'],
    [-1 * S, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * S, '1s'],
    [59 * S, '59s'],
    [60 * S, '60s'],
    [119 * S + 999, '119s'],
    [2 * M, '2m'],
    [2 * M + 1 * S, '2m1s'],
    [5 * M + 30 * S, '5m30s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 59 * S, '10m'],
    [59 * M, '59m'],
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 1 * M, '3h1m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 30 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [2 * D + 1 * H, '2d1h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 5 * H, '8d'],
    [364 * D, '364d'],
    [729 * D, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 1 * D, '2y1d'],
    [7 * Y + 364 * D, '7y364d'],
    [8 * Y, '8y'],
    [8 * Y + 100 * D, '8y'],
    [100 * Y, '100y'],
  ])('%i ms -> %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('translateTimestampSince', () => {
  const now = new Date('2026-11-29T13:20:00Z');
  it.each([
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['0001-01-01T00:00:00Z', '<unknown>'],
    ['not a date', '<unknown>'],
    ['2026-11-29T13:18:15Z', '105s'],
    ['2026-11-29T13:15:00Z', '5m'],
    ['2026-11-29T13:14:30Z', '5m30s'],
    ['2026-11-29T10:20:00Z', '3h'],
    ['2026-11-27T13:20:00Z', '2d'],
    ['2026-11-29T13:20:01Z', '0s'],
    ['2026-11-29T13:20:05Z', '<invalid>'],
    ['2026-11-29T13:19:59.500000Z', '0s'],
  ])('%s -> %s', (timestamp, expected) => {
    expect(translateTimestampSince(timestamp, now)).toBe(expected);
  });

  it('parses RFC 3339 with offsets', () => {
    expect(parseTimestamp('2026-11-29T14:20:00+01:00')).toBe(Date.parse('2026-11-29T13:20:00Z'));
  });
});
