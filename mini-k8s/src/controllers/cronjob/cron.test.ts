import { describe, expect, it } from 'vitest';
import { nextAfter, parseCron, scheduledTimesBetween } from './cron';

describe('parseCron', () => {
  it.each([
    ['*/15 * * * *', 'minutes', [0, 15, 30, 45]],
    ['5,10-12 * * * *', 'minutes', [5, 10, 11, 12]],
    ['0 9-17/4 * * *', 'hours', [9, 13, 17]],
    ['0 0 * jan,JUL *', 'months', [1, 7]],
    ['0 0 * * mon-fri', 'daysOfWeek', [1, 2, 3, 4, 5]],
    ['0 0 * * 7', 'daysOfWeek', [0]],
    ['30 2/6 * * *', 'hours', [2, 8, 14, 20]],
    ['@hourly', 'minutes', [0]],
  ] as const)('%s sets %s', (text, field, values) => {
    expect([...parseCron(text)[field]].sort((a, b) => a - b)).toEqual(values);
  });

  it.each([
    ['* * * *', 'expected exactly 5 fields, found 4: ["*","*","*","*"]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['TZ=UTC * * * * *', 'CRON_TZ or TZ used in schedule is not supported, please use the timeZone field'],
  ])('rejects %s', (text, message) => {
    expect(() => parseCron(text)).toThrow(message);
  });
});

describe('nextAfter', () => {
  it.each([
    ['*/5 * * * *', '2025-03-10T10:02:30Z', 'UTC', '2025-03-10T10:05:00.000Z'],
    ['*/5 * * * *', '2025-03-10T10:05:00Z', 'UTC', '2025-03-10T10:10:00.000Z'],
    ['@daily', '2025-03-10T10:02:00Z', 'UTC', '2025-03-11T00:00:00.000Z'],
    ['0 0 1 * *', '2025-01-31T12:00:00Z', 'UTC', '2025-02-01T00:00:00.000Z'],
    ['0 12 * * mon', '2025-03-10T12:00:00Z', 'UTC', '2025-03-17T12:00:00.000Z'],
    // Both day fields restricted: the 13th OR a Friday.
    ['0 0 13 * fri', '2025-03-08T00:00:00Z', 'UTC', '2025-03-13T00:00:00.000Z'],
    ['0 0 29 2 *', '2025-03-01T00:00:00Z', 'UTC', '2028-02-29T00:00:00.000Z'],
    ['0 9 * * *', '2025-07-01T00:00:00Z', 'Europe/Paris', '2025-07-01T07:00:00.000Z'],
    ['0 9 * * *', '2025-01-01T00:00:00Z', 'Europe/Paris', '2025-01-01T08:00:00.000Z'],
  ])('%s after %s in %s is %s', (text, after, tz, expected) => {
    expect(nextAfter(parseCron(text), new Date(after), tz)?.toISOString()).toBe(expected);
  });

  it('lists missed times, newest last, bounded', () => {
    const { times, total } = scheduledTimesBetween(
      parseCron('* * * * *'),
      new Date('2025-03-10T10:00:00Z'),
      new Date('2025-03-10T10:10:30Z'),
      'UTC',
      3,
    );
    expect(total).toBe(10);
    expect(times.map((t) => t.toISOString())).toEqual([
      '2025-03-10T10:08:00.000Z',
      '2025-03-10T10:09:00.000Z',
      '2025-03-10T10:10:00.000Z',
    ]);
  });
});
