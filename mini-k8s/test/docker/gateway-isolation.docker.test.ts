/**
 * Tenant isolation of the Docker host's addresses (`gateway-rules.ts`): two learner sandboxes (two whole
 * clusters on the docker runtime, real kubectl); a pod of sandbox A gets no DNS answer from B's gateway and
 * cannot reach B's ingress port, while B's own pod can (so the checks can fail) and A's own DNS works.
 * The rules are re-installed idempotently when the network is found again, and gone with the sandbox.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayChainName } from '../../src/kubelet/runtime/docker/gateway-rules';
import { ensureNetwork } from '../../src/kubelet/runtime/docker/network';
import { bridgeName } from '../../src/kubelet/runtime/docker/service-rules';
import { gate, probeDocker } from '../../src/testing/requirements';
import { startTestCluster, type TestCluster } from '../integration/harness';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');

/** waitFor polls `check` until it returns a value (generous timeout: the machine may be loaded). */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sandbox is one cluster with its client pod and what the host knows of its network. */
interface Sandbox {
  t: TestCluster;
  sandboxId: string;
  gateway: string;
  bridge: string;
}

/** listeningPorts reads the TCP ports listening on `ip` from /proc/net/tcp (no `ss` needed). */
function listeningPorts(ip: string): number[] {
  const hex = ip
    .split('.')
    .reverse()
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && f[1]?.startsWith(`${hex}:`))
    .map((f) => parseInt(f[1].split(':')[1], 16));
}

/** answersHttp tells whether a plain HTTP server answers on ip:port (from the host, which is not filtered). */
function answersHttp(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: ip, port, path: '/', timeout: 3000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function iptablesRules(): string {
  return execFileSync('iptables', ['-w', '-S'], { encoding: 'utf8' });
}

describe.skipIf(!enabled)(
  'isolation of the Docker host between sandboxes (real kubectl, real containers)',
  () => {
    const docker = new Docker();
    let a: Sandbox;
    let b: Sandbox;
    /** started holds every cluster, stopped once (also when beforeAll fails half-way). */
    const started: TestCluster[] = [];
    let bIngressPort: number;

    /** sh runs a shell line in the sandbox's client pod and returns its output and exit status. */
    const sh = async (s: Sandbox, script: string) => {
      const out = await s.t.kubectl(['exec', 'client', '--', 'sh', '-c', `${script} 2>&1; echo "rc=$?"`], {
        timeoutMs: 60_000,
      });
      return out.stdout;
    };

    const start = async (): Promise<Sandbox> => {
      const t = await startTestCluster(2, 'docker');
      started.push(t);
      expect((await t.kubectl(['run', 'client', '--image=busybox', '--', 'sleep', '3600'])).code).toBe(0);
      const svc = await t.kubectl(['create', 'service', 'clusterip', 'private-db', '--tcp=5432:5432']);
      expect(svc.code).toBe(0);
      const ready = await t.kubectl(['wait', '--for=condition=Ready', 'pod/client', '--timeout=150s'], {
        timeoutMs: 160_000,
      });
      expect(ready.code).toBe(0);
      const podIp = (
        await t.kubectl(['get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}'])
      ).stdout.trim();
      // Find the sandbox network holding the pod: its name carries the sandbox id, its id the bridge.
      const networks = await docker.listNetworks({ filters: { name: ['atelier-'] } });
      for (const n of networks) {
        const gateway = n.IPAM?.Config?.[0]?.Gateway;
        const subnet = n.IPAM?.Config?.[0]?.Subnet ?? '';
        const prefix = (ip: string) => ip.split('.').slice(0, 3).join('.');
        if (gateway && subnet.endsWith('/24') && prefix(podIp) === prefix(gateway))
          return { t, sandboxId: n.Name.slice('atelier-'.length), gateway, bridge: bridgeName(n.Id) };
      }
      throw new Error(`no sandbox network holds pod IP ${podIp}`);
    };

    beforeAll(async () => {
      a = await start();
      b = await start();
      const ports = listeningPorts(b.gateway).filter((p) => p !== 53);
      const served: number[] = [];
      for (const port of ports) if (await answersHttp(b.gateway, port)) served.push(port);
      expect(served.length).toBeGreaterThan(0);
      bIngressPort = served[0];
    }, 420_000);
    afterAll(async () => {
      for (const t of started.splice(0)) await t.stop();
    }, 180_000);

    it('installs one INPUT jump per sandbox bridge, first, to a chain that keeps the own gateway', () => {
      const rules = iptablesRules();
      for (const s of [a, b]) {
        const chain = gatewayChainName(s.sandboxId);
        expect(rules).toContain(`-A INPUT -i ${s.bridge} -j ${chain}`);
        expect(rules).toContain(`-A ${chain} -d ${s.gateway}/32`);
        expect(rules).toMatch(new RegExp(`-A ${chain} .*-j DROP`));
      }
    });

    it("answers A's own DNS, but not B's names from B's gateway, which B's own pod gets", async () => {
      const name = 'private-db.default.svc.cluster.local';
      const own = await sh(a, `timeout 15 nslookup kubernetes.default.svc.cluster.local`);
      expect(own).toMatch(/Name:\s*kubernetes\.default\.svc\.cluster\.local\s+Address:\s*10\.96\.0\.1\s/);
      expect(own).toContain('rc=0');
      const fromB = await sh(b, `timeout 15 nslookup ${name} ${b.gateway}`);
      expect(fromB).toContain('rc=0');
      expect(fromB).toMatch(/Name:\s*private-db/);
      const fromA = await sh(a, `timeout 15 nslookup ${name} ${b.gateway}`);
      expect(fromA).not.toContain('rc=0');
      expect(fromA).not.toMatch(/Name:\s*private-db/);
    });

    it("does not let A reach B's ingress port on B's gateway, which B's own pod reaches", async () => {
      const url = `http://${b.gateway}:${bIngressPort}/`;
      const fromB = await sh(b, `timeout 10 wget -q -O- ${url}`);
      expect(fromB).toMatch(/HTTP\/1\.1 \d{3}|rc=0/);
      const fromA = await sh(a, `timeout 10 wget -q -O- ${url}`);
      expect(fromA).not.toMatch(/HTTP\/1\.1 \d{3}/);
      expect(fromA).not.toContain('rc=0');
    });

    it('re-installs the rules idempotently when the network is found again (re-adoption)', async () => {
      await ensureNetwork(docker, a.sandboxId, { allowOutbound: false });
      await ensureNetwork(docker, a.sandboxId, { allowOutbound: false });
      const jump = `-A INPUT -i ${a.bridge} -j ${gatewayChainName(a.sandboxId)}`;
      expect(
        iptablesRules()
          .split('\n')
          .filter((l) => l === jump),
      ).toHaveLength(1);
      expect(await sh(a, 'timeout 15 nslookup kubernetes.default.svc.cluster.local')).toContain('rc=0');
    });

    it('removes the jump and the chain with the sandbox', async () => {
      started.splice(started.indexOf(b.t), 1);
      await b.t.stop();
      const chain = gatewayChainName(b.sandboxId);
      await waitFor(async () => (iptablesRules().includes(chain) ? undefined : true), 60_000);
      expect(iptablesRules()).not.toContain(b.bridge);
    });
  },
);
