/**
 * `kubectl cluster-info`: the control plane address (the current context's server) and the proxy URL of
 * every kube-system service labelled `kubernetes.io/cluster-service=true`.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';

const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };

type Service = KubeObject & {
  spec?: { ports?: { name?: string; port: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
};

/** serverOf is the server URL of the current context's cluster in the kubeconfig. */
export function serverOf(ctx: CommandContext): string | undefined {
  const doc = ctx.config.kubeconfig as
    | {
        clusters?: { name: string; cluster?: { server?: string } }[];
        contexts?: { name: string; context?: { cluster?: string } }[];
        'current-context'?: string;
      }
    | undefined;
  const contextName = ctx.config.currentContext ?? doc?.['current-context'];
  const context = doc?.contexts?.find((c) => c.name === contextName)?.context;
  return doc?.clusters?.find((c) => c.name === context?.cluster)?.cluster?.server;
}

/**
 * serviceLink is where kubectl says a cluster service runs: its load-balancer address with every port, or the
 * API server's proxy path to its FIRST port (`<scheme>:<service>:<port name>`, https guessed from the port).
 */
function serviceLink(server: string, svc: Service): string {
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  if (ingress) {
    const ip = ingress.ip || ingress.hostname || '';
    return (svc.spec?.ports ?? []).map((port) => `http://${ip}:${port.port} `).join('');
  }
  let target = svc.metadata.name;
  const port = svc.spec?.ports?.[0];
  if (port) {
    const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
    // utilnet.JoinSchemeNamePort: a scheme always takes three segments.
    if (scheme) target = `${scheme}:${svc.metadata.name}:${port.name ?? ''}`;
    else if (port.name) target = `${svc.metadata.name}:${port.name}`;
  }
  return `${server}/api/v1/namespaces/${svc.metadata.namespace ?? 'kube-system'}/services/${target}/proxy`;
}

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  short: 'Display cluster information',
  flags: [],
  async run(ctx, flags) {
    // Extra arguments are ignored, as kubectl does.
    void flags;
    const server = serverOf(ctx);
    if (!server) throw new Error('the cluster address is unknown: no server in the kubeconfig');
    const services = await ctx.client.list<Service>(SERVICES, 'kube-system', {
      labelSelector: 'kubernetes.io/cluster-service=true',
    });
    ctx.out(`Kubernetes control plane is running at ${server}\n`);
    for (const svc of services.items) {
      const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
      ctx.out(`${name} is running at ${serviceLink(server, svc)}\n`);
    }
    ctx.out(`\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
    return 0;
  },
};
