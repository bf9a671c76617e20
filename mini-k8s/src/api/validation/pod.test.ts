import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { messages, statusMessage } from './testing';

function pod(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}
const nginx = { name: 'nginx', image: 'nginx:1.25' };

describe('Pod validation', () => {
  it('accepts a minimal pod', () => {
    expect(messages(pod({ containers: [nginx] }))).toEqual([]);
  });

  it.each<[string, KubeObject, string[]]>([
    [
      'invalid name',
      pod({ containers: [nginx] }, 'Web_1'),
      [
        "metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['no containers', pod({}), ['spec.containers: Required value']],
    ['missing image', pod({ containers: [{ name: 'a' }] }), ['spec.containers[0].image: Required value']],
    [
      'duplicate container names',
      pod({ containers: [nginx, { ...nginx }] }),
      ['spec.containers[1].name: Duplicate value: "nginx"'],
    ],
    [
      'bad restart policy',
      pod({ containers: [nginx], restartPolicy: 'Sometimes' }),
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      'port out of range and bad protocol',
      pod({ containers: [{ ...nginx, ports: [{ containerPort: 70000, protocol: 'HTTP' }] }] }),
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      'mount of an unknown volume',
      pod({ containers: [{ ...nginx, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }),
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      'two sources in one volume',
      pod({ containers: [nginx], volumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }] }),
      ['spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type'],
    ],
    [
      'duplicate volume names',
      pod({ containers: [nginx], volumes: [{ name: 'v' }, { name: 'v' }] }),
      ['spec.volumes[1].name: Duplicate value: "v"'],
    ],
    [
      'requests above limits',
      pod({ containers: [{ ...nginx, resources: { limits: { cpu: '100m' }, requests: { cpu: '200m' } } }] }),
      [
        'spec.containers[0].resources.requests: Invalid value: "200m": must be less than or equal to cpu limit of 100m',
      ],
    ],
    [
      'unknown resource name',
      pod({ containers: [{ ...nginx, resources: { limits: { memmory: '64Mi' } } }] }),
      [
        'spec.containers[0].resources.limits[memmory]: Invalid value: "memmory": must be a standard resource for containers',
        // Pods default requests from limits, so the request is reported too, as on a real cluster.
        'spec.containers[0].resources.requests[memmory]: Invalid value: "memmory": must be a standard resource for containers',
      ],
    ],
    [
      'probe without handler and negative period',
      pod({ containers: [{ ...nginx, livenessProbe: { periodSeconds: -1 } }] }),
      [
        'spec.containers[0].livenessProbe: Required value: must specify a handler type',
        'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
    [
      'probe with two handlers',
      pod({
        containers: [{ ...nginx, readinessProbe: { exec: { command: ['true'] }, httpGet: { port: 80 } } }],
      }),
      ['spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type'],
    ],
    [
      'env from nowhere and bad name',
      pod({ containers: [{ ...nginx, env: [{ name: '1X', valueFrom: {} }] }] }),
      [
        "spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
        'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ],
    ],
    [
      'toleration with value and Exists',
      pod({ containers: [nginx], tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }),
      ['spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\''],
    ],
  ])('%s', (_title, manifest, expected) => {
    expect(messages(manifest)).toEqual(expected);
  });

  it('renders the 422 message like the API server', () => {
    expect(statusMessage(pod({ containers: [{ name: 'a' }, { name: 'a', image: 'x' }] }))).toBe(
      'Pod "web" is invalid: [spec.containers[0].image: Required value, spec.containers[1].name: Duplicate value: "a"]',
    );
  });
});

describe('Pod updates', () => {
  const old = pod({ containers: [nginx] });

  it('allows changing the image', () => {
    expect(messages(pod({ containers: [{ ...nginx, image: 'nginx:1.26' }] }), old)).toEqual([]);
  });

  it('forbids other spec changes with the upstream text', () => {
    const out = messages(pod({ containers: [{ ...nginx, ports: [{ containerPort: 80 }] }] }), old);
    expect(out).toHaveLength(1);
    expect(
      out[0].startsWith(
        'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n',
      ),
    ).toBe(true);
    expect(out[0]).toContain('+ \tcontainers[0].ports: [{"containerPort":80,"protocol":"TCP"}],');
  });

  it('forbids adding containers and renaming', () => {
    expect(messages(pod({ containers: [nginx, { name: 'b', image: 'b' }] }), old)).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
    expect(messages(pod({ containers: [nginx] }, 'other'), old)[0]).toBe(
      'metadata.name: Invalid value: "other": field is immutable',
    );
  });

  it('allows adding tolerations but not removing them', () => {
    const withToleration = pod({ containers: [nginx], tolerations: [{ key: 'k', operator: 'Exists' }] });
    expect(messages(withToleration, old)).toEqual([]);
    expect(messages(old, withToleration)[0]).toMatch(/^spec: Forbidden: pod updates may not change fields/);
  });
});
