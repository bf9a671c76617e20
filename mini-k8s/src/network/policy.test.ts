import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { evaluate, type Peer, type PolicyView } from './policy';

function view(policies: KubeObject[], namespaces: Record<string, Record<string, string>> = {}): PolicyView {
  return {
    policies: (ns) => policies.filter((p) => p.metadata.namespace === ns),
    namespaceLabels: (ns) => ({ 'kubernetes.io/metadata.name': ns, ...(namespaces[ns] ?? {}) }),
  };
}

function policy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

const pod = (ip: string, namespace: string, labels: Record<string, string>): Peer => ({
  ip,
  pod: { namespace, labels, ports: [{ name: 'http', containerPort: 8080 }] },
});

const db = pod('10.244.1.10', 'prod', { app: 'db' });
const api = pod('10.244.1.11', 'prod', { app: 'api' });
const monitoring = pod('10.244.2.5', 'monitoring', { app: 'prom' });

describe('NetworkPolicy evaluation', () => {
  it('leaves pods open until a policy selects them', () => {
    expect(evaluate(api, db, 8080, 'TCP', view([]))).toEqual({ allowed: true });
  });

  it('denies everything with a default-deny ingress policy, per direction', () => {
    const v = view([policy('prod', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })]);
    expect(evaluate(api, db, 8080, 'TCP', v)).toEqual({ allowed: false, deniedBy: 'Ingress' });
    // Egress of prod pods stays open.
    expect(evaluate(db, monitoring, 8080, 'TCP', v)).toEqual({ allowed: true });
  });

  it('allows by podSelector, namespaceSelector (with both ANDed) and named ports', () => {
    const v = view(
      [
        policy('prod', 'db', {
          podSelector: { matchLabels: { app: 'db' } },
          ingress: [
            { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'http' }] },
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { team: 'obs' } },
                  podSelector: { matchLabels: { app: 'prom' } },
                },
              ],
            },
          ],
        }),
      ],
      { monitoring: { team: 'obs' } },
    );
    expect(evaluate(api, db, 8080, 'TCP', v).allowed).toBe(true);
    expect(evaluate(api, db, 9090, 'TCP', v).allowed).toBe(false);
    expect(evaluate(monitoring, db, 9090, 'TCP', v).allowed).toBe(true);
    const otherInMonitoring = pod('10.244.2.6', 'monitoring', { app: 'grafana' });
    expect(evaluate(otherInMonitoring, db, 8080, 'TCP', v).allowed).toBe(false);
  });

  it('matches ipBlock with except, port ranges and protocols', () => {
    const v = view([
      policy('prod', 'db', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [
          {
            from: [{ ipBlock: { cidr: '172.30.0.0/16', except: ['172.30.0.1/32'] } }],
            ports: [{ protocol: 'TCP', port: 8000, endPort: 8100 }],
          },
        ],
      }),
    ]);
    expect(evaluate({ ip: '172.30.0.3' }, db, 8080, 'TCP', v).allowed).toBe(true);
    expect(evaluate({ ip: '172.30.0.1' }, db, 8080, 'TCP', v).allowed).toBe(false);
    expect(evaluate({ ip: '172.30.0.3' }, db, 8200, 'TCP', v).allowed).toBe(false);
    expect(evaluate({ ip: '172.30.0.3' }, db, 8080, 'UDP', v).allowed).toBe(false);
  });

  it('restricts egress when egress rules exist, DNS included', () => {
    const v = view([
      policy('prod', 'api-egress', {
        podSelector: { matchLabels: { app: 'api' } },
        egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }],
      }),
    ]);
    expect(evaluate(api, db, 8080, 'TCP', v).allowed).toBe(true);
    const dns = pod('10.244.255.2', 'kube-system', { 'k8s-app': 'kube-dns' });
    expect(evaluate(api, dns, 53, 'UDP', v)).toEqual({ allowed: false, deniedBy: 'Egress' });
  });
});
