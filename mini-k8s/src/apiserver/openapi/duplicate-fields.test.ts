import { describe, expect, it } from 'vitest';
import { findDuplicateFields } from './duplicate-fields';

describe('findDuplicateFields', () => {
  it.each([
    ['no duplicates', '{"a":1,"b":{"c":[1,2,{"d":null}]}}', []],
    ['a top-level duplicate', '{"kind":"Pod","kind":"Pod"}', ['kind']],
    ['a nested duplicate', '{"metadata":{"name":"a","name":"b"}}', ['metadata.name']],
    [
      'a duplicate inside a list item',
      '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}}',
      ['spec.containers[1].image'],
    ],
    ['each extra occurrence', '{"a":1,"a":2,"a":3}', ['a', 'a']],
    ['keys with escapes', '{"a\\"b":1,"a\\u0022b":2}', ['a"b']],
    ['whitespace and numbers', ' { "x" : -1.5e3 , "y" : [ ] , "x" : true } ', ['x']],
    ['map keys (labels)', '{"metadata":{"labels":{"app":"a","app":"b"}}}', ['metadata.labels.app']],
    ['invalid JSON', '{"a":1,"a":', []],
    ['trailing garbage', '{"a":1,"a":2} x', []],
  ])('%s', (_label, text, expected) => {
    expect(findDuplicateFields(text)).toEqual(expected);
  });
});
