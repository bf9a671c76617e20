import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { policyRules } from '../kubelet/runtime/docker/policy-rules';
import type { Peer, PolicyView } from './policy';
import { policyMatrix } from './policy-matrix';

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

const db = pod('10.200.0.10', 'prod', { app: 'db' });
const api = pod('10.200.0.11', 'prod', { app: 'api' });
const prom = pod('10.200.0.12', 'monitoring', { app: 'prom' });
const pods = [db, api, prom];

describe('policyMatrix', () => {
  it('is empty while no policy selects a pod', () => {
    expect(policyMatrix(pods, view([]))).toEqual({ ingressIsolated: [], egressIsolated: [], allowed: [] });
  });

  it('lists isolated pods and only the allowed pairs and ports (podSelector, named port)', () => {
    const v = view([
      policy('prod', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('prod', 'db', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'http' }] }],
      }),
    ]);
    const matrix = policyMatrix(pods, v);
    expect(matrix.ingressIsolated).toEqual(['10.200.0.10', '10.200.0.11']);
    expect(matrix.egressIsolated).toEqual([]);
    expect(matrix.allowed).toEqual([
      { src: '10.200.0.11', dst: '10.200.0.10', ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });

  it('gives every port of a protocol for rules without ports, ranges whole, and egress isolation', () => {
    const v = view(
      [
        policy('prod', 'from-monitoring', {
          podSelector: { matchLabels: { app: 'api' } },
          ingress: [
            { from: [{ namespaceSelector: { matchLabels: { team: 'obs' } } }] },
            {
              from: [{ ipBlock: { cidr: '10.200.0.0/24', except: ['10.200.0.12/32'] } }],
              ports: [{ port: 9000, endPort: 9010 }],
            },
          ],
        }),
        policy('monitoring', 'egress', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
        }),
      ],
      { monitoring: { team: 'obs' } },
    );
    const matrix = policyMatrix(pods, v);
    expect(matrix.egressIsolated).toEqual(['10.200.0.12']);
    const pair = (src: Peer, dst: Peer) =>
      matrix.allowed.find((a) => a.src === src.ip && a.dst === dst.ip)?.ports;
    // prom's namespace may reach api on every port, but prom's own egress only lets UDP 53 out.
    expect(pair(prom, api)).toEqual([{ protocol: 'UDP', port: 53 }]);
    expect(pair(prom, db)).toEqual([{ protocol: 'UDP', port: 53 }]);
    expect(pair(db, api)).toEqual([{ protocol: 'TCP', port: 9000, endPort: 9010 }]);

    const rules = policyRules('POL', matrix).split('\n');
    expect(rules).toContain(
      '-A POL -s 10.200.0.10/32 -d 10.200.0.11/32 -p tcp -m tcp --dport 9000:9010 -j RETURN',
    );
    expect(rules).toContain('-A POL -s 10.200.0.12/32 -m comment --comment "egress isolated" -j DROP');
    expect(rules).toContain('-A POL -d 10.200.0.11/32 -m comment --comment "ingress isolated" -j DROP');
    expect(rules[2]).toBe('-A POL -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN');
    // Drops come after every RETURN.
    const firstDrop = rules.findIndex((l) => l.endsWith('-j DROP'));
    expect(rules.slice(firstDrop).some((l) => l.endsWith('-j RETURN'))).toBe(false);
  });
});
