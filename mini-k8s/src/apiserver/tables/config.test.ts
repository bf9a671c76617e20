import { describe, expect, it } from 'vitest';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

describe('config printers', () => {
  it('counts config map data and binaryData keys', () => {
    const obj = kubeObject(
      'v1',
      'ConfigMap',
      { name: 'app-config' },
      { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
    );
    expect(configMapPrinter.print(obj, ctx).cells).toEqual(['app-config', 3, '5m']);
    expect(configMapPrinter.print(kubeObject('v1', 'ConfigMap', { name: 'empty' }), ctx).cells).toEqual([
      'empty',
      0,
      '5m',
    ]);
  });

  it.each([
    [{ type: 'Opaque', data: { user: 'YQ==', pass: 'Yg==' } }, ['Opaque', 2]],
    [{ type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, ['kubernetes.io/tls', 2]],
    [{ data: { a: 'x' }, stringData: { a: 'y', b: 'z' } }, ['Opaque', 2]],
    [{ type: 'kubernetes.io/service-account-token' }, ['kubernetes.io/service-account-token', 0]],
  ])('prints secret %j', (fields, expected) => {
    expect(secretPrinter.print(kubeObject('v1', 'Secret', { name: 's' }, fields), ctx).cells).toEqual([
      's',
      ...expected,
      '5m',
    ]);
  });

  it('counts service account secrets', () => {
    const obj = kubeObject('v1', 'ServiceAccount', { name: 'default' });
    expect(serviceAccountPrinter.print(obj, ctx).cells).toEqual(['default', 0, '5m']);
    const withSecret = kubeObject(
      'v1',
      'ServiceAccount',
      { name: 'builder' },
      { secrets: [{ name: 'builder-token' }] },
    );
    expect(serviceAccountPrinter.print(withSecret, ctx).cells).toEqual(['builder', 1, '5m']);
  });

  it('uses the upstream column names and types', () => {
    expect(secretPrinter.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Type', 'string'],
      ['Data', 'string'],
      ['Age', 'string'],
    ]);
  });
});
