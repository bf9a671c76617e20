import { describe, expect, it } from 'vitest';
import { learnerOfCookie, routingKeyOf } from './routing-key';

const cookie = 'theme=dark; atelier_learner=Lr4_x-9Q.1790000000.c2lnbmF0dXJl; other=1';

describe('routingKeyOf', () => {
  it.each([
    ['/k8s/sb_12-AB/api/v1/namespaces/default/pods?watch=1', undefined, { kind: 'sandbox', id: 'sb_12-AB' }],
    ['/k8s/sb1', undefined, { kind: 'sandbox', id: 'sb1' }],
    ['/api/sandboxes/sb1/terminal', cookie, { kind: 'sandbox', id: 'sb1' }],
    ['/api/sandboxes/sb1/exercises/04-pods/premier-pod/check', cookie, { kind: 'sandbox', id: 'sb1' }],
    ['/api/workshops/w1/learners/Lbob/terminal', undefined, { kind: 'learner', id: 'Lbob' }],
    ['/api/workshops/w1/learners/Lbob/reset', undefined, { kind: 'learner', id: 'Lbob' }],
    ['/api/sandboxes', cookie, { kind: 'learner', id: 'Lr4_x-9Q' }],
    ['/api/exercises', cookie, { kind: 'learner', id: 'Lr4_x-9Q' }],
    ['/api/sandboxes', undefined, { kind: 'any' }],
    ['/api/workshops/w1/grid', undefined, { kind: 'any' }],
    ['/chapitres/04-pods/', 'theme=dark', { kind: 'any' }],
    ['/k8s/../etc', undefined, { kind: 'any' }],
  ])('%s (cookie %s)', (url, header, expected) => {
    expect(routingKeyOf(url, header)).toEqual(expected);
  });

  it.each([
    ['/api/v1/namespaces/default/pods', 'Bearer sandbox.sb_1-A.bWFj', { kind: 'sandbox', id: 'sb_1-A' }],
    ['/apis/apps/v1', 'Bearer lesson-user.sb2.alice.bWFj', { kind: 'sandbox', id: 'sb2' }],
    ['/version', 'bearer sandbox.sb3.bWFj', { kind: 'sandbox', id: 'sb3' }],
    ['/api', 'Bearer sandbox.sb4.bWFj', { kind: 'sandbox', id: 'sb4' }],
    // A platform path, or no sandbox token: not pinned by the token.
    ['/api/exercises', 'Bearer sandbox.sb5.bWFj', { kind: 'any' }],
    ['/api/v1/pods', 'Bearer instructor-token', { kind: 'any' }],
    ['/api/v1/pods', undefined, { kind: 'any' }],
  ])('%s with %s (kubectl get --raw)', (url, authorization, expected) => {
    expect(routingKeyOf(url, undefined, authorization)).toEqual(expected);
  });

  it('reads the learner id of the cookie without trusting odd values', () => {
    expect(learnerOfCookie('atelier_learner=abc.1.sig')).toBe('abc');
    expect(learnerOfCookie('atelier_learner=')).toBeUndefined();
    expect(learnerOfCookie('atelier_learner=a%20b.1.sig')).toBeUndefined();
    expect(learnerOfCookie('xatelier_learner=abc.1.sig')).toBeUndefined();
    expect(learnerOfCookie(undefined)).toBeUndefined();
  });
});
