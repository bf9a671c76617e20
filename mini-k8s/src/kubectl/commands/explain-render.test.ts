import { describe, expect, it } from 'vitest';
import { explainDocument, wordWrap } from './explain-render';

describe('wordWrap (go-wordwrap)', () => {
  it('breaks at the last space before the limit and keeps newlines', () => {
    expect(wordWrap('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wordWrap('one\ntwo three', 5)).toBe('one\ntwo\nthree');
  });

  it('leaves a word longer than the limit whole on its own line', () => {
    expect(wordWrap('see: https://example.com/a/very/long/path', 10)).toBe(
      'see:\nhttps://example.com/a/very/long/path',
    );
  });
});

const doc = {
  paths: {
    '/apis/demo.io/v1/namespaces/{namespace}/widgets': {
      get: { 'x-kubernetes-group-version-kind': { group: 'demo.io', kind: 'Widget', version: 'v1' } },
    },
  },
  components: {
    schemas: {
      'io.demo.v1.Widget': {
        description: 'A widget.',
        type: 'object',
        required: ['spec'],
        'x-kubernetes-group-version-kind': [{ group: 'demo.io', kind: 'Widget', version: 'v1' }],
        properties: {
          spec: { allOf: [{ $ref: '#/components/schemas/io.demo.v1.Node' }], description: 'The spec.' },
          tags: {
            type: 'object',
            additionalProperties: { type: 'string' },
            externalDocs: { url: 'https://example.com' },
          },
          mode: { type: 'string', enum: ['', 'a', 'b', 'c', 'd'] },
        },
      },
      'io.demo.v1.Node': {
        type: 'object',
        properties: {
          children: { type: 'array', items: { $ref: '#/components/schemas/io.demo.v1.Node' } },
        },
      },
    },
  },
};
const gvr = { group: 'demo.io', version: 'v1', resource: 'widgets' };

describe('explainDocument', () => {
  it('lists sorted fields with types, required marks, truncated enums, external docs and missing descriptions', () => {
    expect(explainDocument(doc, gvr, [], false).output).toBe(
      'GROUP:      demo.io\nKIND:       Widget\nVERSION:    v1\n\nDESCRIPTION:\n    A widget.\n    \nFIELDS:\n' +
        '  mode\t<string>\n  enum: "", a, b, c, ....\n    <no description>\n\n' +
        '  spec\t<Node> -required-\n    The spec.\n\n' +
        '  tags\t<map[string]string>\n    <no description>\n\n    EXTERNAL DOCS:\n      URL: https://example.com\n\n\n',
    );
  });

  it('stops a recursive listing at a cycle of references', () => {
    expect(explainDocument(doc, gvr, ['spec'], true).output).toBe(
      'GROUP:      demo.io\nKIND:       Widget\nVERSION:    v1\n\nFIELD: spec <Node>\n\n\n' +
        'DESCRIPTION:\n    The spec.\n    \nFIELDS:\n  children\t<[]Node>\n\n',
    );
  });

  it('names the last field of a path that does not exist', () => {
    const result = explainDocument(doc, gvr, ['spec', 'nope', 'deeper'], false);
    expect(result.error).toBe('error: field "deeper" does not exist');
    expect(result.output).toBe('GROUP:      demo.io\nKIND:       Widget\nVERSION:    v1\n\n');
  });

  it('fails like kubectl when the resource has no operation in the document', () => {
    expect(explainDocument(doc, { ...gvr, resource: 'gadgets' }, [], false).error).toBe(
      'error: GVR (demo.io/v1, Resource=gadgets) not found in OpenAPI schema',
    );
  });
});
