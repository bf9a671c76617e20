import { describe, expect, it } from 'vitest';
import { evaluateTemplate, relaxedTemplate } from './jsonpath';

const data = {
  items: [
    {
      metadata: { name: 'a', labels: { app: 'x' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
      n: 1,
    },
    { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] }, n: 3 },
  ],
};

describe('JSONPath', () => {
  it.each([
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items[0].metadata.name}', 'a'],
    ['{.items[-1].metadata.name}', 'b'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'a\nb\n'],
    ['{.items[?(@.n>2)].metadata.name}', 'b'],
    ['{.items[?(@.metadata.labels.app=="x")].metadata.name}', 'a'],
    ["{.items[0].metadata.labels['app']}", 'x'],
    ['{.items[0].metadata.labels}', '{"app":"x"}'],
    ['{..type}', 'Ready Ready'],
    ['{.items[*].missing}', ''],
    ['name: {.items[1].metadata.name}!', 'name: b!'],
  ])('%s', (template, expected) => {
    expect(evaluateTemplate(template, data)).toBe(expected);
  });

  it.each([
    ['.metadata.name', '{.metadata.name}'],
    ['metadata.name', '{.metadata.name}'],
    ['{.a}', '{.a}'],
  ])('relaxes %s', (input, expected) => {
    expect(relaxedTemplate(input)).toBe(expected);
  });
});
