import { describe, expect, it } from 'vitest';
import { parseEventLines } from './events';

describe('parseEventLines', () => {
  it.each([
    ['', [], ''],
    ['{"Action":"die","id":"a"}\n', [{ Action: 'die', id: 'a' }], ''],
    ['{"Action":"start","id":"a"}\n{"Action":"d', [{ Action: 'start', id: 'a' }], '{"Action":"d'],
    ['\n{"status":"oom","id":"b","time":5}\n\n', [{ status: 'oom', id: 'b', time: 5 }], ''],
  ])('parses %j', (text, events, rest) => {
    expect(parseEventLines(text)).toEqual({ events, rest });
  });
});
