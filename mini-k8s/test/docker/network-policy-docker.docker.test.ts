/**
 * NetworkPolicy enforced on real pod-to-pod traffic (`mini-k8s up --runtime docker`, real kubectl): a
 * default-deny then an allow rule, namespaceSelector, ipBlock, ports and egress, recomputed when pods,
 * namespaces and policies change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../src/testing/requirements';
import { startTestCluster, type TestCluster } from '../integration/harness';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const policy = (name: string, namespace: string, spec: Record<string, unknown>) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

describe.skipIf(!enabled)('NetworkPolicy with the docker runtime (real kubectl, real containers)', () => {
  let t: TestCluster;
  /** reaches tells whether `wget` from `pod` (namespace `ns`) gets an answer from `url` within 3 s. */
  const reaches = async (ns: string, pod: string, url: string) =>
    (await t.kubectl(['exec', '-n', ns, pod, '--', 'timeout', '3', 'wget', '-qO-', url])).code === 0;
  /** eventually waits until the verdict is `expected` (rules follow changes within a moment). */
  const eventually = async (ns: string, pod: string, url: string, expected: boolean) =>
    waitFor(async () => ((await reaches(ns, pod, url)) === expected ? true : undefined), 60_000);

  beforeAll(async () => {
    t = await startTestCluster(2, 'docker');
    for (const args of [
      ['create', 'namespace', 'other'],
      ['create', 'deployment', 'web', '--image=nginx:1.25'],
      ['expose', 'deployment', 'web', '--port=80'],
      ['run', 'client', '--image=busybox', '--labels=role=client', '--', 'sleep', '3600'],
      ['run', 'intruder', '--image=busybox', '--', 'sleep', '3600'],
      ['run', 'visitor', '-n', 'other', '--image=busybox', '--', 'sleep', '3600'],
    ])
      expect((await t.kubectl(args)).code).toBe(0);
    const rollout = await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s'], {
      timeoutMs: 130_000,
    });
    expect(rollout.code).toBe(0);
    for (const [ns, pod] of [
      ['default', 'client'],
      ['default', 'intruder'],
      ['other', 'visitor'],
    ]) {
      const ready = await t.kubectl(
        ['wait', '-n', ns, '--for=condition=Ready', `pod/${pod}`, '--timeout=120s'],
        {
          timeoutMs: 130_000,
        },
      );
      expect(ready.code).toBe(0);
    }
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  }, 120_000);

  it('denies by default, then lets in what an allow rule selects (pods and namespaces)', async () => {
    const webIp = (
      await t.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}'])
    ).stdout;
    expect(await reaches('default', 'client', 'http://web/')).toBe(true);
    const deny = policy('default-deny', 'default', { podSelector: {}, policyTypes: ['Ingress'] });
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(deny) })).code).toBe(0);
    await eventually('default', 'client', 'http://web/', false);
    expect(await reaches('default', 'client', `http://${webIp}/`)).toBe(false);
    expect(await reaches('other', 'visitor', `http://${webIp}/`)).toBe(false);

    const allow = policy('allow-web', 'default', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { role: 'client' } } },
            { namespaceSelector: { matchLabels: { team: 'friends' } } },
          ],
          ports: [{ protocol: 'TCP', port: 80 }],
        },
      ],
    });
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(allow) })).code).toBe(0);
    await eventually('default', 'client', 'http://web/', true);
    expect(await reaches('default', 'intruder', 'http://web/')).toBe(false);
    // The namespace gets the label: its pods are let in (recomputed on the namespace change).
    expect(await reaches('other', 'visitor', `http://${webIp}/`)).toBe(false);
    expect((await t.kubectl(['label', 'namespace', 'other', 'team=friends'])).code).toBe(0);
    await eventually('other', 'visitor', `http://${webIp}/`, true);
    // A new pod with the allowed label is let in too (recomputed on the pod change).
    expect((await t.kubectl(['label', 'pod', 'intruder', 'role=client'])).code).toBe(0);
    await eventually('default', 'intruder', 'http://web/', true);
    // Deleting the policies opens everything again.
    expect((await t.kubectl(['delete', 'networkpolicy', 'default-deny', 'allow-web'])).code).toBe(0);
    expect((await t.kubectl(['label', 'pod', 'intruder', 'role-'])).code).toBe(0);
    await eventually('default', 'intruder', 'http://web/', true);
  });

  it('applies ipBlock with except, ports and egress rules', async () => {
    const ip = async (ns: string, pod: string) =>
      (await t.kubectl(['get', 'pod', '-n', ns, pod, '-o', 'jsonpath={.status.podIP}'])).stdout;
    const clientIp = await ip('default', 'client');
    const intruderIp = await ip('default', 'intruder');
    const webIp = (
      await t.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}'])
    ).stdout;
    const subnet = `${clientIp.split('.').slice(0, 3).join('.')}.0/24`;
    const byIp = policy('by-ip', 'default', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        { from: [{ ipBlock: { cidr: subnet, except: [`${intruderIp}/32`] } }], ports: [{ port: 80 }] },
      ],
    });
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(byIp) })).code).toBe(0);
    await eventually('default', 'intruder', `http://${webIp}/`, false);
    expect(await reaches('default', 'client', `http://${webIp}/`)).toBe(true);
    expect((await t.kubectl(['delete', 'networkpolicy', 'by-ip'])).code).toBe(0);

    // Egress: the client may only reach port 8080 (nothing listens there), so web on 80 is cut.
    const egress = policy('client-egress', 'default', {
      podSelector: { matchLabels: { role: 'client' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(egress) })).code).toBe(0);
    await eventually('default', 'client', `http://${webIp}/`, false);
    expect(await reaches('default', 'intruder', `http://${webIp}/`)).toBe(true);
    expect((await t.kubectl(['delete', 'networkpolicy', 'client-egress'])).code).toBe(0);
    await eventually('default', 'client', `http://${webIp}/`, true);
  });
});
