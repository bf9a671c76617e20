/**
 * Node status reporting cadence, as upstream's kubelet: the status is computed every nodeStatusMs but
 * written only when it changed or nodeStatusReportMs passed (nodeStatusReportFrequency), the Lease being
 * the heartbeat. A classroom's hundreds of idle nodes must not write their status every 10 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlPlane, type ControlPlane } from '../cmd/control-plane';
import { startKubelet, type Kubelet } from './kubelet';
import { SimulatedRuntime } from './runtime/simulated/simulated-runtime';

const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };

let plane: ControlPlane;
let runtime: SimulatedRuntime;
let kubelet: Kubelet;
/** The test's clock: each status computation reads it. */
let clock = Date.parse('2026-03-02T09:00:00Z');

beforeAll(async () => {
  plane = await createControlPlane({ adminToken: 'test-token', nodes: 0 });
  const net = { podCidr: '10.244.1.0/24', nodeIp: '172.30.0.3' };
  runtime = new SimulatedRuntime({ nodeName: 'node01', speed: 0, ...net });
  kubelet = await startKubelet({
    client: plane.client,
    nodeName: 'node01',
    runtime,
    speed: 0,
    nodeIndex: 1,
    ...net,
    now: () => new Date(clock),
    timing: { nodeStatusMs: 20, leaseRenewMs: 20 },
  });
});
afterAll(async () => {
  await kubelet.stop();
  await runtime.close();
  await plane.close();
});

const nodeVersion = async () => (await plane.client.get(NODES, undefined, 'node01')).metadata.resourceVersion;
const heartbeat = async () => {
  const node = await plane.client.get(NODES, undefined, 'node01');
  const conditions = (node.status as { conditions: { type: string; lastHeartbeatTime: string }[] })
    .conditions;
  return conditions.find((c) => c.type === 'Ready')!.lastHeartbeatTime;
};
const waitUntil = async (what: string, probe: () => Promise<boolean>) => {
  const deadline = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('kubelet node status reports', () => {
  it('writes an unchanged status only every nodeStatusReportMs, while the Lease keeps renewing', async () => {
    const first = await heartbeat();
    const version = await nodeVersion();
    // A minute of 20 ms status periods: the Lease renews, the unchanged Node is not rewritten.
    clock += 60_000;
    const lease = async () =>
      ((await plane.client.get(LEASES, 'kube-node-lease', 'node01')).spec as { renewTime: string }).renewTime;
    await waitUntil('a lease renewal', async () => new Date(await lease()).getTime() === clock);
    await new Promise((r) => setTimeout(r, 300)); // ~15 status periods
    expect(await nodeVersion()).toBe(version);
    expect(await heartbeat()).toBe(first);
    // Past the report period (5 min), the unchanged status is written again with a new heartbeat.
    clock += 300_000;
    await waitUntil('a status report', async () => (await heartbeat()) !== first);
    expect(new Date(await heartbeat()).getTime()).toBe(clock);
  });
});
