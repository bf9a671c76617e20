/**
 * The NetworkPolicy verdicts of every pod pair, for runtimes that enforce them with packet filters (the
 * Docker runtime's iptables chain, kubelet/runtime/docker/policy-rules.ts). Computed with the same
 * evaluator as the simulated network (policy.ts), so both runtimes agree: for each ordered pair where the
 * source is isolated for egress or the destination for ingress, the allowed ports — every port of a
 * protocol when a rule without ports (or without a port number) allows it, else the ports the policies
 * name (numbers, ranges up to MAX_RANGE ports, named ports resolved against the destination's containers).
 */
import type { KubeObject } from '../api/object';
import { evaluate, isolatedBy, type Peer, type PolicyView } from './policy';

/** MAX_RANGE caps the ports listed for one `port`/`endPort` range (wider ranges use iptables' a:b form). */
const MAX_RANGE = 65535;

/** AllowedPort is a protocol with one port, a range, or every port (`port` absent). */
export interface AllowedPort {
  protocol: 'TCP' | 'UDP';
  port?: number;
  endPort?: number;
}

/** PolicyMatrix lists isolated pods and what may pass between pods. */
export interface PolicyMatrix {
  ingressIsolated: string[];
  egressIsolated: string[];
  allowed: { src: string; dst: string; ports: AllowedPort[] }[];
}

const PROTOCOLS = ['TCP', 'UDP'] as const;

interface RulePort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

/** candidatePorts lists the ports the policies of the pods' namespaces name, resolved for `dst`. */
function candidatePorts(policies: KubeObject[], dst: Peer): AllowedPort[] {
  const out = new Map<string, AllowedPort>();
  for (const policy of policies) {
    const spec = (policy.spec ?? {}) as {
      ingress?: { ports?: RulePort[] }[];
      egress?: { ports?: RulePort[] }[];
    };
    for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
      for (const p of rule.ports ?? []) {
        const protocol = (p.protocol ?? 'TCP') as 'TCP' | 'UDP';
        if (protocol !== 'TCP' && protocol !== 'UDP') continue;
        if (typeof p.port === 'string') {
          const named = dst.pod?.ports.find((c) => c.name === p.port && (c.protocol ?? 'TCP') === protocol);
          if (named) out.set(`${protocol}/${named.containerPort}`, { protocol, port: named.containerPort });
        } else if (typeof p.port === 'number') {
          const end = p.endPort && p.endPort > p.port ? Math.min(p.endPort, p.port + MAX_RANGE) : undefined;
          out.set(`${protocol}/${p.port}-${end ?? ''}`, {
            protocol,
            port: p.port,
            ...(end ? { endPort: end } : {}),
          });
        }
      }
  }
  return [...out.values()];
}

/** policyMatrix computes the verdicts between `pods` (peers with their pod) under `view`'s policies. */
export function policyMatrix(pods: Peer[], view: PolicyView): PolicyMatrix {
  const ingressIsolated = pods.filter((p) => isolatedBy(p, 'Ingress', view).length > 0);
  const egressIsolated = pods.filter((p) => isolatedBy(p, 'Egress', view).length > 0);
  const inSet = new Set(ingressIsolated.map((p) => p.ip));
  const egSet = new Set(egressIsolated.map((p) => p.ip));
  const namespaces = [...new Set(pods.map((p) => p.pod?.namespace ?? ''))];
  const policies = namespaces.flatMap((ns) => view.policies(ns));
  const allowed: PolicyMatrix['allowed'] = [];
  for (const dst of pods) {
    const candidates = candidatePorts(policies, dst);
    for (const src of pods) {
      if (src.ip === dst.ip || (!inSet.has(dst.ip) && !egSet.has(src.ip))) continue;
      const ports: AllowedPort[] = [];
      for (const protocol of PROTOCOLS) {
        // Port 0 matches only rules without a port number: then every port of the protocol passes.
        if (evaluate(src, dst, 0, protocol, view).allowed) ports.push({ protocol });
      }
      for (const candidate of candidates) {
        if (ports.some((p) => p.protocol === candidate.protocol && p.port === undefined)) continue;
        // A range passes when both ends do: policies allow ranges whole or not at all.
        const ends = candidate.endPort ? [candidate.port!, candidate.endPort] : [candidate.port!];
        if (ends.every((port) => evaluate(src, dst, port, candidate.protocol, view).allowed))
          ports.push(candidate);
      }
      if (ports.length) allowed.push({ src: src.ip, dst: dst.ip, ports });
    }
  }
  return {
    ingressIsolated: ingressIsolated.map((p) => p.ip).sort(),
    egressIsolated: egressIsolated.map((p) => p.ip).sort(),
    allowed,
  };
}
