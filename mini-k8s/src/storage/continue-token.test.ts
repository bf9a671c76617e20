import { describe, expect, it } from 'vitest';
import { isStatusError } from '../machinery/errors';
import { decodeContinue, encodeContinue } from './continue-token';

const prefix = '/registry/core/pods/default/';

describe('continue tokens', () => {
  it('uses the kube-apiserver encoding and round-trips', () => {
    const token = encodeContinue(prefix, `${prefix}web-1`, 42);
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 42,
      start: 'web-1\u0000',
    });
    expect(token).not.toMatch(/[=+/]/);
    expect(decodeContinue(prefix, token)).toEqual({ revision: 42, startKey: `${prefix}web-1\u0000` });
  });

  it('refuses a key outside the prefix', () => {
    expect(() => encodeContinue(prefix, '/registry/core/pods/other/x', 1)).toThrow();
  });

  it.each([
    ['a+b/c', 'illegal base64 data'],
    [Buffer.from('not json').toString('base64url'), 'malformed token'],
    [Buffer.from('{"v":"v2","rv":1,"start":"a"}').toString('base64url'), 'server does not recognize'],
    [
      Buffer.from('{"v":"meta.k8s.io/v1","rv":0,"start":"a"}').toString('base64url'),
      'incorrect encoded start resourceVersion',
    ],
    [
      Buffer.from('{"v":"meta.k8s.io/v1","rv":3,"start":""}').toString('base64url'),
      'encoded start key empty',
    ],
  ])('rejects %s with 400', (token, why) => {
    try {
      decodeContinue(prefix, token);
      expect.unreachable('decodeContinue accepted a bad token');
    } catch (err) {
      expect(isStatusError(err) && err.code).toBe(400);
      expect((err as Error).message).toContain(`continue key is not valid: ${why}`);
    }
  });
});
