/**
 * NetworkPolicy evaluation (networking.k8s.io/v1 semantics, as Calico or Cilium enforce them): a pod is open
 * in a direction until a policy of its namespace selects it for that direction (spec.policyTypes, which
 * defaults to Ingress, plus Egress when spec.egress is set); then only traffic matched by one rule of one of
 * those policies passes. A connection needs both the source's egress and the destination's ingress allowed.
 */
import type { KubeObject } from '../api/object';
import { labelSelectorFromMeta, type LabelSelectorMeta } from '../machinery/labels';
import { cidrContains } from './addresses';

/** PodPort is a declared container port (named ports in policies resolve against them). */
export interface PodPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** Peer is one end of a connection: its IP, and the pod when it is one (external clients have none). */
export interface Peer {
  ip: string;
  pod?: { namespace: string; labels: Record<string, string>; ports: PodPort[] };
}

/** PolicyView is what the evaluator reads: policies per namespace and namespace labels. */
export interface PolicyView {
  policies(namespace: string): KubeObject[];
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

interface PolicyPeer {
  podSelector?: LabelSelectorMeta;
  namespaceSelector?: LabelSelectorMeta;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

interface PolicySpec {
  podSelector?: LabelSelectorMeta;
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

export type Direction = 'Ingress' | 'Egress';

/** policyTypesOf applies the API defaults: Ingress always, Egress when egress rules exist. */
export function policyTypesOf(spec: PolicySpec): Direction[] {
  if (spec.policyTypes?.length) return spec.policyTypes as Direction[];
  return spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** parsed caches selectors per policy object (informer objects are replaced, never mutated, on change). */
const parsed = new WeakMap<LabelSelectorMeta, ReturnType<typeof labelSelectorFromMeta> | null>();

function selects(selector: LabelSelectorMeta | undefined, labels: Record<string, string>): boolean {
  if (!selector) return labelSelectorFromMeta({}).matches(labels);
  let compiled = parsed.get(selector);
  if (compiled === undefined) {
    try {
      compiled = labelSelectorFromMeta(selector);
    } catch {
      compiled = null;
    }
    parsed.set(selector, compiled);
  }
  return compiled ? compiled.matches(labels) : false;
}

/** peerMatches tells whether `other` is matched by one `from`/`to` entry of a policy of `policyNamespace`. */
function peerMatches(peer: PolicyPeer, other: Peer, policyNamespace: string, view: PolicyView): boolean {
  if (peer.ipBlock) {
    if (!cidrContains(peer.ipBlock.cidr, other.ip)) return false;
    return !(peer.ipBlock.except ?? []).some((cidr) => cidrContains(cidr, other.ip));
  }
  if (!other.pod) return false;
  if (peer.namespaceSelector) {
    const nsLabels = view.namespaceLabels(other.pod.namespace) ?? {
      'kubernetes.io/metadata.name': other.pod.namespace,
    };
    if (!selects(peer.namespaceSelector, nsLabels)) return false;
  } else if (other.pod.namespace !== policyNamespace) return false;
  return peer.podSelector ? selects(peer.podSelector, other.pod.labels) : true;
}

/** portMatches resolves named ports against the destination pod's container ports. */
function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: string, dst: Peer): boolean {
  if (!ports?.length) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') {
      const named = dst.pod?.ports.find((c) => c.name === p.port && (c.protocol ?? 'TCP') === protocol);
      return named?.containerPort === port;
    }
    return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  });
}

/** isolatedBy returns the policies selecting `subject` for `direction` (empty: the pod is open that way). */
export function isolatedBy(subject: Peer, direction: Direction, view: PolicyView): KubeObject[] {
  if (!subject.pod) return [];
  const { namespace, labels } = subject.pod;
  return view.policies(namespace).filter((policy) => {
    const spec = (policy.spec ?? {}) as PolicySpec;
    return policyTypesOf(spec).includes(direction) && selects(spec.podSelector, labels);
  });
}

function allowedIn(
  direction: Direction,
  subject: Peer,
  other: Peer,
  dst: Peer,
  port: number,
  protocol: string,
  view: PolicyView,
): boolean {
  const policies = isolatedBy(subject, direction, view);
  if (policies.length === 0) return true;
  return policies.some((policy) => {
    const spec = (policy.spec ?? {}) as PolicySpec;
    const rules = (direction === 'Ingress' ? spec.ingress : spec.egress) ?? [];
    return rules.some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk =
        !peers?.length ||
        peers.some((peer) => peerMatches(peer, other, policy.metadata.namespace ?? 'default', view));
      return peerOk && portMatches(rule.ports, port, protocol, dst);
    });
  });
}

/** Verdict says whether a connection passes and, when not, which side's policy dropped it. */
export type Verdict = { allowed: true } | { allowed: false; deniedBy: Direction };

/** evaluate checks `src` → `dst:port/protocol` against egress of src then ingress of dst. */
export function evaluate(src: Peer, dst: Peer, port: number, protocol: string, view: PolicyView): Verdict {
  if (src.pod && dst.pod && src.ip === dst.ip) return { allowed: true };
  if (!allowedIn('Egress', src, dst, dst, port, protocol, view))
    return { allowed: false, deniedBy: 'Egress' };
  if (!allowedIn('Ingress', dst, src, dst, port, protocol, view))
    return { allowed: false, deniedBy: 'Ingress' };
  return { allowed: true };
}
