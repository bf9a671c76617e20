import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { validateObject } from './index';
import { messages } from './testing';

describe('metadata of generic kinds', () => {
  it.each<[string, KubeObject, string[]]>([
    [
      'namespace names are DNS labels',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'my.ns' } },
      [
        "metadata.name: Invalid value: \"my.ns\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      'missing name',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { namespace: 'default' } },
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'namespace on a cluster-scoped kind',
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', namespace: 'default' } },
      ['metadata.namespace: Forbidden: not allowed on this type'],
    ],
    [
      'missing namespace',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } },
      ['metadata.namespace: Required value'],
    ],
    // The registry fills the name from generateName before validating, as BeforeCreate does.
    [
      'generateName prefix',
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { generateName: 'sa-', name: 'sa-x2b4z', namespace: 'default' },
      },
      [],
    ],
    [
      'bad generateName',
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { generateName: 'SA-', name: 'sa-x2b4z', namespace: 'default' },
      },
      [
        "metadata.generateName: Invalid value: \"SA-\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      'bad label value',
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'sa', namespace: 'default', labels: { app: 'a b' } },
      },
      [
        "metadata.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    [
      'RBAC names are path segments',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:view/x' },
      },
      ['metadata.name: Invalid value: "system:view/x": may not contain \'/\''],
    ],
  ])('%s', (_title, manifest, expected) => {
    expect(messages(manifest)).toEqual(expected);
  });

  it('skips virtual kinds', () => {
    expect(
      validateObject('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: {},
      }),
    ).toEqual([]);
  });
});

describe('RBAC', () => {
  const rb = (roleRef: Record<string, unknown>, subjects: unknown[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rb', namespace: 'default' },
    roleRef,
    subjects,
  });

  it('validates roleRef and subjects', () => {
    expect(messages(rb({ kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'alice' }]))).toEqual([]);
    expect(messages(rb({ kind: 'Roll', name: 'r' }, [{ kind: 'Robot', name: 'x' }]))).toEqual([
      'roleRef.kind: Unsupported value: "Roll": supported values: "Role", "ClusterRole"',
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  it('forbids changing roleRef', () => {
    expect(
      messages(rb({ kind: 'ClusterRole', name: 'view' }, []), rb({ kind: 'Role', name: 'r' }, [])),
    ).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef',
    ]);
  });

  it('validates role rules', () => {
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'default' },
      rules: [{ resources: ['pods'] }],
    };
    expect(messages(role)).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    ]);
  });
});

describe('HPA, Ingress, NetworkPolicy, PDB', () => {
  it('HPA replicas and target', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'default' },
      spec: { minReplicas: 3, maxReplicas: 2, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment' } },
    };
    expect(messages(hpa)).toEqual([
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      'spec.scaleTargetRef.name: Required value',
    ]);
  });

  it('Ingress paths', () => {
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'default' },
      spec: {
        rules: [
          { host: 'demo.local', http: { paths: [{ path: 'web', backend: { service: { name: 'web' } } }] } },
        ],
      },
    };
    expect(messages(ingress)).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
  });

  it('NetworkPolicy ports and peers', () => {
    const np: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'n', namespace: 'default' },
      spec: { podSelector: {}, ingress: [{ from: [{}], ports: [{ protocol: 'ICMP', port: 80 }] }] },
    };
    expect(messages(np)).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
    ]);
  });

  it('PDB percentages', () => {
    const pdb: KubeObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'p', namespace: 'default' },
      spec: { minAvailable: '150%', selector: { matchLabels: { app: 'web' } } },
    };
    expect(messages(pdb)).toEqual([
      'spec.minAvailable: Invalid value: "150%": must not be greater than 100%',
    ]);
  });
});
