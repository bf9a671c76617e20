import { describe, expect, it } from 'vitest';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  formatEndpoints,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
} from './networking';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

describe('ingressPrinter', () => {
  it.each([
    [
      'a classed ingress with TLS and an address',
      {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }],
        rules: [{ host: 'shop.example.com' }, { host: 'api.example.com' }],
      },
      { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } },
      ['nginx', 'shop.example.com,api.example.com', '172.18.0.5', '80, 443'],
    ],
    ['a catch-all ingress', { rules: [{ http: {} }] }, {}, ['<none>', '*', '', '80']],
    [
      'an ingress with many hosts',
      { rules: [{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, { host: 'e' }] },
      {},
      ['<none>', 'a,b,c + 2 more...', '', '80'],
    ],
  ])('prints %s', (_label, spec, status, expected) => {
    const obj = kubeObject('networking.k8s.io/v1', 'Ingress', { name: 'web' }, { spec, status });
    expect(ingressPrinter.print(obj, ctx).cells).toEqual(['web', ...expected, '5m']);
  });
});

describe('ingressClassPrinter', () => {
  it('prints the controller and parameters reference', () => {
    const obj = kubeObject(
      'networking.k8s.io/v1',
      'IngressClass',
      { name: 'nginx' },
      {
        spec: {
          controller: 'k8s.io/ingress-nginx',
          parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' },
        },
      },
    );
    expect(ingressClassPrinter.print(obj, ctx).cells).toEqual([
      'nginx',
      'k8s.io/ingress-nginx',
      'IngressParameters.k8s.example.com/p',
      '5m',
    ]);
    const plain = kubeObject(
      'networking.k8s.io/v1',
      'IngressClass',
      { name: 'x' },
      { spec: { controller: 'c' } },
    );
    expect(ingressClassPrinter.print(plain, ctx).cells).toEqual(['x', 'c', '<none>', '5m']);
  });
});

describe('networkPolicyPrinter', () => {
  it.each([
    [{ podSelector: {} }, '<none>'],
    [{ podSelector: { matchLabels: { app: 'db' } } }, 'app=db'],
    [
      {
        podSelector: {
          matchExpressions: [
            { key: 'env', operator: 'NotIn', values: ['prod'] },
            { key: 'app', operator: 'Exists' },
          ],
        },
      },
      'app,env notin (prod)',
    ],
    [{ podSelector: { matchExpressions: [{ key: 'x', operator: 'Bogus' }] } }, '<error>'],
  ])('prints the pod selector of %j', (spec, expected) => {
    const obj = kubeObject('networking.k8s.io/v1', 'NetworkPolicy', { name: 'np' }, { spec });
    expect(networkPolicyPrinter.print(obj, ctx).cells).toEqual(['np', expected, '5m']);
  });
});

describe('endpoints printers', () => {
  it.each([
    [undefined, '<none>'],
    [[], '<none>'],
    [
      [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }], ports: [{ port: 80 }] }],
      '10.244.0.5:80,10.244.0.6:80',
    ],
    [
      [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [
            { name: 'http', port: 80 },
            { name: 'https', port: 443 },
          ],
        },
      ],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    ],
    [[{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] }], '[fd00::1]:8080'],
    [[{ addresses: [{ ip: '10.0.0.9' }] }], '10.0.0.9'],
    [[{ notReadyAddresses: [{ ip: '10.0.0.9' }], ports: [{ port: 80 }] }], ''],
  ])('formats subsets %j', (subsets, expected) => {
    expect(formatEndpoints(subsets)).toBe(expected);
  });

  it('prints an endpoints object', () => {
    const obj = kubeObject(
      'v1',
      'Endpoints',
      { name: 'kubernetes' },
      { subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443 }] }] },
    );
    expect(endpointsPrinter.print(obj, ctx).cells).toEqual(['kubernetes', '172.18.0.2:6443', '5m']);
  });

  it('prints endpoint slices', () => {
    const obj = kubeObject(
      'discovery.k8s.io/v1',
      'EndpointSlice',
      { name: 'web-abc12' },
      {
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'named' }, {}, { port: 9000 }],
        endpoints: [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.0.6'] }],
      },
    );
    expect(endpointSlicePrinter.print(obj, ctx).cells).toEqual([
      'web-abc12',
      'IPv4',
      '80,named,* + 1 more...',
      '10.244.0.5,10.244.0.6',
      '5m',
    ]);
    const empty = kubeObject('discovery.k8s.io/v1', 'EndpointSlice', { name: 'e' }, { addressType: 'IPv4' });
    expect(endpointSlicePrinter.print(empty, ctx).cells).toEqual(['e', 'IPv4', '<unset>', '<unset>', '5m']);
  });
});
