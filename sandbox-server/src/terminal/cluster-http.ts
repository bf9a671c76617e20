/**
 * clusterHttp is the `http` function of the built-in terminal: `curl`/`wget` typed there run on the
 * server, i.e. OUTSIDE the learner's pod network, like a laptop next to a real cluster. They reach what a
 * real cluster exposes — NodePorts on node IPs, LoadBalancer IPs, the ingress controller — through the
 * cluster's network model (`ClusterNetwork.external()`), and nothing else: ClusterIPs and pod IPs time out,
 * cluster DNS names do not resolve (use the address, with `-H 'Host: …'` for an Ingress host).
 */
import type { NetworkResolver } from '../../../mini-k8s/src/kubelet/runtime/network';
import { EXTERNAL_CLIENT_IP } from '../../../mini-k8s/src/network/cluster-network';
import type { HttpFunction } from '../shell/types';

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** clusterHttp routes the terminal's requests through `network()` (undefined: the cluster has none). */
export function clusterHttp(network: () => Promise<NetworkResolver | undefined>): HttpFunction {
  return async (rawUrl, request) => {
    const url = new URL(rawUrl);
    const scheme = url.protocol === 'https:' ? 'https' : 'http';
    const resolver = await network();
    const host = url.hostname;
    const resolved = resolver
      ? await resolver.resolve(host, { namespace: 'default', searches: [] })
      : undefined;
    const ip = resolved?.addresses[0];
    if (!resolver || !ip) throw failure('ENOTFOUND', `getaddrinfo ENOTFOUND ${host}`);
    const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
    const headers: Record<string, string> = { host: url.port ? `${host}:${url.port}` : host };
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    try {
      const response = await resolver.httpRequest(ip, port, {
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        body: request.body,
        clientIp: EXTERNAL_CLIENT_IP,
        scheme,
      });
      if (scheme === 'https' && !response.tls) throw failure('EPROTO', 'wrong version number');
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: response.body,
      };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EPROTO')
        throw failure(code, (err as Error).message);
      if (code === 'EHOSTUNREACH') throw failure('ETIMEDOUT', (err as Error).message);
      throw err;
    }
  };
}
