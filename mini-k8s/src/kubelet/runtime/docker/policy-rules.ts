/**
 * NetworkPolicy between real containers, as a CNI plugin (Calico, Cilium) enforces it: one filter chain
 * per sandbox, `ATL-POL-<hash>`, jumped to from FORWARD for packets entering on the sandbox bridge (pod to
 * pod, bridged or routed; Service traffic after kube-proxy's DNAT, so the backend pod is the destination).
 * Replies of allowed connections pass (conntrack ESTABLISHED,RELATED), then each allowed pair/port RETURNs,
 * then packets to a pod isolated for ingress and from a pod isolated for egress are DROPped (a timeout,
 * as with a real CNI). The verdicts come from the cluster network's `policyMatrix()` (network/
 * policy-matrix.ts, the same evaluator as the simulated runtime), recomputed from informers when pods,
 * namespaces or policies change; `PolicyRulesSyncer` rewrites the chain atomically when they did.
 *
 * Not covered: traffic between a pod and the host (the cluster DNS on the gateway, probes, the server's
 * ingress controller and service proxy, which apply policies in process), so an egress policy does not cut
 * DNS here.
 */
import { createHash } from 'node:crypto';
import type { PolicyMatrix } from '../../../network/policy-matrix';
import { type IptablesRunner, runIptables } from './service-rules';

/** policyChainName is a sandbox's policy chain (at most 28 characters). */
export function policyChainName(sandboxId: string): string {
  return `ATL-POL-${createHash('sha256').update(sandboxId).digest('hex').slice(0, 16).toUpperCase()}`;
}

/** policyRules is the `iptables-restore` input (filter table) of the chain for `matrix`. */
export function policyRules(chain: string, matrix: PolicyMatrix): string {
  const lines = [`-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`];
  for (const { src, dst, ports } of matrix.allowed)
    for (const port of ports) {
      const proto = port.protocol.toLowerCase();
      const dport =
        port.port === undefined
          ? ''
          : ` -m ${proto} --dport ${port.endPort ? `${port.port}:${port.endPort}` : port.port}`;
      lines.push(`-A ${chain} -s ${src}/32 -d ${dst}/32 -p ${proto}${dport} -j RETURN`);
    }
  for (const ip of matrix.ingressIsolated)
    lines.push(`-A ${chain} -d ${ip}/32 -m comment --comment "ingress isolated" -j DROP`);
  for (const ip of matrix.egressIsolated)
    lines.push(`-A ${chain} -s ${ip}/32 -m comment --comment "egress isolated" -j DROP`);
  return ['*filter', `:${chain} - [0:0]`, ...lines, 'COMMIT', ''].join('\n');
}

export interface PolicyRulesOptions {
  sandboxId: string;
  /** bridge is the sandbox network's host interface (`br-<id>`). */
  bridge: string;
  /** matrix is the cluster network's current verdicts (a new object after each change). */
  matrix: () => PolicyMatrix;
  run?: IptablesRunner;
  /** intervalMs between checks of the matrix (default 300). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/** PolicyRulesSyncer keeps one sandbox's policy chain equal to the cluster's NetworkPolicy verdicts. */
export class PolicyRulesSyncer {
  readonly chain: string;
  private readonly run: IptablesRunner;
  private timer: NodeJS.Timeout | undefined;
  private applied: string | undefined;
  private lastMatrix: PolicyMatrix | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private failed = false;
  private jumped = false;

  constructor(private readonly options: PolicyRulesOptions) {
    this.chain = policyChainName(options.sandboxId);
    this.run = options.run ?? runIptables;
  }

  /** start installs the chain and its jump, then follows the matrix; false when iptables failed. */
  async start(): Promise<boolean> {
    await this.sync();
    if (this.failed) return false;
    this.timer = setInterval(() => void this.sync(), this.options.intervalMs ?? 300);
    this.timer.unref();
    return true;
  }

  /** sync applies the current matrix when it changed since the last successful sync. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      if (this.failed) return;
      const matrix = this.options.matrix();
      if (matrix === this.lastMatrix) return;
      const text = policyRules(this.chain, matrix);
      try {
        if (text !== this.applied) await this.run('iptables-restore', ['-w', '--noflush'], text);
        this.applied = text;
        if (!this.jumped) await this.ensureJump();
        this.lastMatrix = matrix;
      } catch (err) {
        this.failed = true;
        this.options.onError?.(err);
      }
    });
    return this.syncing;
  }

  private jumpArgs(op: string): string[] {
    return ['-w', '-t', 'filter', op, 'FORWARD', '-i', this.options.bridge, '-j', this.chain];
  }

  private async ensureJump(): Promise<void> {
    try {
      await this.run('iptables', this.jumpArgs('-C'));
    } catch {
      // Why: first in FORWARD, before Docker's rule accepting traffic inside the bridge.
      await this.run('iptables', this.jumpArgs('-I'));
    }
    this.jumped = true;
  }

  /** stop removes the jump and the chain (errors ignored: they may never have been installed). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
    this.failed = true;
    const ignore = () => undefined;
    if (this.jumped) await this.run('iptables', this.jumpArgs('-D')).catch(ignore);
    await this.run('iptables', ['-w', '-t', 'filter', '-F', this.chain]).catch(ignore);
    await this.run('iptables', ['-w', '-t', 'filter', '-X', this.chain]).catch(ignore);
  }
}
