import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import { helloPod, runPod, SERVICES, waitFor } from '../../../mini-k8s/src/network/testing';
import { createHarness } from '../shell/harness';
import { clusterHttp } from './cluster-http';

let cluster: Cluster;
let shell: ReturnType<typeof createHarness>;
beforeAll(async () => {
  cluster = await createCluster({ speed: 0 });
  shell = createHarness({ http: clusterHttp(() => Promise.resolve(cluster.network.external())) });
  await runPod(cluster, helloPod('default', 'web-1', { app: 'web' }));
  await cluster.client.create(SERVICES, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
    },
  });
}, 120_000);
afterAll(() => cluster?.close());

describe("the terminal's curl against the learner's cluster", () => {
  it('reaches a NodePort on a node IP', async () => {
    const result = await waitFor('NodePort answer', async () => {
      const r = await shell.run('curl -s http://172.30.0.3:30080/');
      return r.status === 0 ? r : undefined;
    });
    expect(result.out).toBe('Hello, world!\nVersion: 1.0.0\nHostname: web-1\n');
  });

  it('cannot reach a ClusterIP nor resolve cluster names from outside the pod network', async () => {
    const svc = await cluster.client.get(SERVICES, 'default', 'web');
    const ip = (svc.spec as { clusterIP: string }).clusterIP;
    const timedOut = await shell.run(`curl -sS -m 1 http://${ip}/`);
    expect(timedOut.status).toBe(28);
    const unknown = await shell.run('curl -sS http://web.default.svc.cluster.local/');
    expect(unknown).toMatchObject({ status: 6 });
    expect(unknown.err).toContain('Could not resolve host: web.default.svc.cluster.local');
  });

  it('gets the ingress controller 404 page on its LoadBalancer IP', async () => {
    const ip = await waitFor('ingress address', async () => {
      const svc = await cluster.client.get(SERVICES, 'ingress-nginx', 'ingress-nginx-controller');
      return (svc.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress?.[0]?.ip;
    });
    const result = await shell.run(`curl -s -o /dev/null -w '%{http_code}' http://${ip}/`);
    expect(result.out).toBe('404');
  });
});
