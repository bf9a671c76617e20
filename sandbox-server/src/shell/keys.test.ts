import { describe, expect, it } from 'vitest';
import { parseKeys } from './keys';

describe('parseKeys', () => {
  it.each([
    ['ab', [{ type: 'text', text: 'ab' }], ''],
    ['\x1b[A\x1bOB\x1b[3~', [{ type: 'up' }, { type: 'down' }, { type: 'delete' }], ''],
    ['a\r\nb', [{ type: 'text', text: 'a' }, { type: 'enter' }, { type: 'text', text: 'b' }], ''],
    ['x\x1b[', [{ type: 'text', text: 'x' }], '\x1b['],
    ['\x1b[200~a\tb\x1b[201~', [{ type: 'paste', text: 'a\tb' }], ''],
    ['\x1b[200~partial', [], '\x1b[200~partial'],
    ['\x1bb\x1bf\x1b\x7f', [{ type: 'wordLeft' }, { type: 'wordRight' }, { type: 'killWord' }], ''],
    ['\x1b[15~', [{ type: 'ignore' }], ''],
  ])('parses %j', (data, keys, rest) => {
    expect(parseKeys(data)).toEqual({ keys, rest });
  });
});
