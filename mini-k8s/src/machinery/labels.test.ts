import { describe, expect, it } from 'vitest';
import { isStatusError } from './errors';
import {
  formatLabels,
  formatLabelSelector,
  labelSelectorFromMeta,
  parseLabelSelector,
  selectorFromSet,
} from './labels';

function parseError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (err) {
    if (isStatusError(err) && err.code === 400) return err.message;
    throw err;
  }
  throw new Error(`selector ${text} parsed`);
}

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };

  it.each([
    ['', true, ''],
    ['app=web', true, 'app=web'],
    ['app==web', true, 'app==web'],
    ['app!=web', false, 'app!=web'],
    ['app = web ,  tier=front', true, 'app=web,tier=front'],
    ['app in (api, web)', true, 'app in (api,web)'],
    ['app notin (web)', false, 'app notin (web)'],
    ['missing notin (web)', true, 'missing notin (web)'],
    ['app', true, 'app'],
    ['!app', false, '!app'],
    ['!missing', true, '!missing'],
    ['tier=front,app', true, 'app,tier=front'],
    ['version>2', true, 'version>2'],
    ['version<3', false, 'version<3'],
    ['env in (in,notin)', false, 'env in (in,notin)'],
    ['app in (,web)', true, 'app in (,web)'],
    ['app=', false, 'app='],
  ])('%j matches=%s and prints %j', (text, matches, printed) => {
    const selector = parseLabelSelector(text);
    expect(selector.matches(labels)).toBe(matches);
    expect(selector.toString()).toBe(printed);
  });

  it.each([
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (web', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['app=web tier', "found 'tier', expected: ',' or 'end of string'"],
    ['app=web,', "found '', expected: identifier after ','"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['app=>web', "unable to parse requirement: found '>', expected: identifier"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    [
      'app:web',
      "unable to parse requirement: <nil>: Invalid value: \"app:web\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    [
      'app=a@b',
      "unable to parse requirement: values[0][app]: Invalid value: \"a@b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ])('rejects %j with the upstream text', (text, message) => {
    expect(parseError(text)).toBe(message);
  });
});

describe('labelSelectorFromMeta and formatting', () => {
  it('converts matchLabels and matchExpressions', () => {
    const selector = labelSelectorFromMeta({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['a'] },
      ],
    });
    expect(selector.toString()).toBe('app=web,!canary,env,tier in (back,front),zone notin (a)');
    expect(selector.matches({ app: 'web', tier: 'back', env: 'x' })).toBe(true);
    expect(selector.matches({ app: 'web', tier: 'back', env: 'x', canary: '1' })).toBe(false);
  });

  it('selects nothing for a nil selector and everything for an empty one', () => {
    expect(labelSelectorFromMeta(undefined).matches({ a: 'b' })).toBe(false);
    expect(labelSelectorFromMeta({}).matches({ a: 'b' })).toBe(true);
  });

  it.each([
    [{ matchLabels: { app: 'nginx' } }, 'app=nginx'],
    [{}, '<none>'],
    [undefined, '<none>'],
    [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '<error>'],
  ])('formatLabelSelector(%j) = %j', (sel, text) => {
    expect(formatLabelSelector(sel)).toBe(text);
  });

  it('formats label sets and set selectors', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    expect(selectorFromSet({ app: 'web' }).matches({ app: 'web', x: 'y' })).toBe(true);
    expect(selectorFromSet({ app: 'web' }).matches({ app: 'api' })).toBe(false);
  });
});
