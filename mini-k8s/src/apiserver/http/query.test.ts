import { describe, expect, it } from 'vitest';
import { managerFromUserAgent, parseDeleteOptions, parseListOptions, parseWriteOptions } from './query';

const q = (text: string) => new URLSearchParams(text);
const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseListOptions', () => {
  it('reads the list and watch parameters', () => {
    expect(
      parseListOptions(
        q(
          'labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dx&limit=500&resourceVersion=0&timeoutSeconds=300&allowWatchBookmarks=true&continue=abc',
        ),
      ),
    ).toEqual({
      labelSelector: 'app=web',
      fieldSelector: 'metadata.name=x',
      limit: 500,
      resourceVersion: '0',
      timeoutSeconds: 300,
      allowWatchBookmarks: true,
      continue: 'abc',
    });
  });
  it('rejects a malformed limit with Go strconv text', () => {
    expect(() => parseListOptions(q('limit=abc'))).toThrow(
      'limit: strconv.ParseInt: parsing "abc": invalid syntax',
    );
  });
});

describe('parseWriteOptions', () => {
  it('defaults fieldValidation to Warn', () => {
    expect(parseWriteOptions(q(''), 'CreateOptions')).toEqual({ dryRun: false, fieldValidation: 'Warn' });
  });
  it('reads dryRun, fieldManager, fieldValidation and force', () => {
    expect(
      parseWriteOptions(
        q('dryRun=All&fieldManager=kubectl&fieldValidation=Strict&force=true'),
        'PatchOptions',
      ),
    ).toEqual({
      dryRun: true,
      fieldManager: 'kubectl',
      fieldValidation: 'Strict',
      force: true,
    });
  });
  it.each([
    [
      'dryRun=Some',
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"',
    ],
    [
      'fieldValidation=Loose',
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "Ignore", "Strict", "Warn"',
    ],
  ])('rejects %s', (query, message) => {
    expect(() => parseWriteOptions(q(query), 'CreateOptions')).toThrow(message);
  });
});

describe('parseDeleteOptions', () => {
  it('lets the body win over the query', () => {
    expect(
      parseDeleteOptions(
        q('gracePeriodSeconds=30&propagationPolicy=Orphan'),
        bytes('{"kind":"DeleteOptions","propagationPolicy":"Background"}'),
      ),
    ).toEqual({
      gracePeriodSeconds: 30,
      propagationPolicy: 'Background',
    });
  });
  it('reads preconditions and dryRun from the body', () => {
    expect(
      parseDeleteOptions(
        q(''),
        bytes('{"preconditions":{"uid":"u1"},"dryRun":["All"],"gracePeriodSeconds":0}'),
      ),
    ).toEqual({
      preconditions: { uid: 'u1' },
      dryRun: ['All'],
      gracePeriodSeconds: 0,
    });
  });
  it('rejects an unknown propagation policy', () => {
    expect(() => parseDeleteOptions(q('propagationPolicy=Later'), bytes(''))).toThrow(
      'propagationPolicy: Unsupported value: "Later"',
    );
  });
});

describe('managerFromUserAgent', () => {
  it('keeps the product name before the first slash, as prefixFromUserAgent', () => {
    expect(managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07')).toBe('kubectl');
    expect(managerFromUserAgent('kube-controller-manager/v1.32.4')).toBe('kube-controller-manager');
    expect(managerFromUserAgent('curl')).toBe('curl');
  });

  it('drops non-printable characters and stops after 128 bytes', () => {
    expect(managerFromUserAgent('my\ttool\u0007/1.0')).toBe('mytool');
    expect(managerFromUserAgent(`${'a'.repeat(200)}/1`)).toBe('a'.repeat(128));
    // A multi-byte rune is written whole even when it crosses the limit, as Go's loop does.
    expect(managerFromUserAgent(`${'a'.repeat(127)}éé`)).toBe(`${'a'.repeat(127)}é`);
  });

  it('is empty without a user agent', () => {
    expect(managerFromUserAgent(null)).toBe('');
    expect(managerFromUserAgent('/v1')).toBe('');
  });
});
