import { describe, expect, it } from 'vitest';
import { explainOpenApiV2, wrapParagraphs } from './explain-v2';

describe('wrapParagraphs (explain v2 wrapString)', () => {
  it('joins lines of a paragraph and wraps at the width', () => {
    expect(wrapParagraphs('one two\nthree four five', 9)).toEqual(['one two', 'three', 'four five']);
  });

  it('keeps blank lines after the first line, list items, code blocks and breaks after a colon', () => {
    expect(wrapParagraphs('Values:\n- a\n- b\n\n    code  kept\nend', 80)).toEqual([
      'Values:',
      '- a',
      '- b',
      '',
      '    code  kept',
      'end',
    ]);
  });
});

const document = {
  definitions: {
    'io.demo.v1.Widget': {
      description: 'A widget.',
      type: 'object',
      required: ['size'],
      'x-kubernetes-group-version-kind': [{ group: 'demo.io', kind: 'Widget', version: 'v1' }],
      properties: {
        size: { type: 'integer', description: 'The size.' },
        parts: { type: 'array', items: { $ref: '#/definitions/io.demo.v1.Part' }, description: 'The parts.' },
      },
    },
    'io.demo.v1.Part': { type: 'object', description: 'A part.', properties: { name: { type: 'string' } } },
  },
};
const gvk = { group: 'demo.io', version: 'v1', kind: 'Widget' };

describe('explainOpenApiV2', () => {
  it('prints the kind, its description and its fields', () => {
    expect(explainOpenApiV2(document, gvk, [], false)).toBe(
      'KIND:     Widget\nVERSION:  demo.io/v1\n\nDESCRIPTION:\n     A widget.\n\nFIELDS:\n' +
        '   parts\t<[]Object>\n     The parts.\n\n   size\t<integer> -required-\n     The size.\n\n',
    );
  });

  it('collects the descriptions met along an array of references', () => {
    expect(explainOpenApiV2(document, gvk, ['parts'], true)).toBe(
      'KIND:     Widget\nVERSION:  demo.io/v1\n\nRESOURCE: parts <[]Object>\n\nDESCRIPTION:\n' +
        '     The parts.\n\n     A part.\n\nFIELDS:\n   name\t<string>\n',
    );
  });

  it('fails on an unknown field or kind', () => {
    expect(() => explainOpenApiV2(document, gvk, ['nope'], false)).toThrow('field "nope" does not exist');
    expect(() => explainOpenApiV2(document, { ...gvk, version: 'v2' }, [], false)).toThrow(
      'couldn\'t find resource for "demo.io/v2, Kind=Widget"',
    );
  });
});
