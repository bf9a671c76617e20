import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { nodePortRangeError } from './service';
import { messages } from './testing';

function service(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

describe('Service validation', () => {
  it('accepts `kubectl expose` output', () => {
    expect(messages(service({ ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'web' } }))).toEqual(
      [],
    );
  });

  it.each<[string, KubeObject, string[]]>([
    [
      'DNS-1035 names',
      service({ ports: [{ port: 80 }] }, '1web'),
      [
        "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['no ports', service({ selector: { app: 'web' } }), ['spec.ports: Required value']],
    [
      'several unnamed ports',
      service({ ports: [{ port: 80 }, { port: 443 }] }),
      ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
    ],
    [
      'port out of range',
      service({ ports: [{ port: 0 }] }),
      [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'unknown type',
      service({ type: 'Public', ports: [{ port: 80 }] }),
      [
        'spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    ],
    [
      'nodePort on ClusterIP',
      service({ ports: [{ port: 80, nodePort: 30080 }] }),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'duplicate port',
      service({
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      }),
      [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    [
      'bad target port name',
      service({ ports: [{ port: 80, targetPort: 'HTTP' }] }),
      [
        'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
      ],
    ],
    ['ExternalName without name', service({ type: 'ExternalName' }), ['spec.externalName: Required value']],
  ])('%s', (_title, manifest, expected) => {
    expect(messages(manifest)).toEqual(expected);
  });

  it('keeps clusterIP immutable on update', () => {
    const old = service({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    expect(messages(service({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] }), old)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
    // An update that omits the allocated IP keeps it (the registry copies it back).
    expect(messages(service({ ports: [{ port: 80 }] }), old)).toEqual([]);
  });

  it('provides the allocator messages for the registry', () => {
    const err = nodePortRangeError(0, 80, [30000, 32767]);
    expect(`${err.field}: ${err.detail}`).toBe(
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });
});
