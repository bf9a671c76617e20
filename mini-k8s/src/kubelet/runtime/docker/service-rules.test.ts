import { describe, expect, it } from 'vitest';
import type { ProxyEndpoint, ServiceMap, ServicePortEntry } from '../../../proxy/service-map';
import { bridgeName, chainName, serviceRules, ServiceRulesSyncer } from './service-rules';

const chains = { nat: 'SVC', reject: 'REJ' };

const endpoint = (ip: string, ready = true, nodeName?: string): ProxyEndpoint => ({
  ip,
  port: 8080,
  ready,
  serving: ready,
  terminating: false,
  nodeName,
});

const nodes = [
  { name: 'controlplane', ip: '172.30.0.2' },
  { name: 'node01', ip: '172.30.0.3' },
  { name: 'node02', ip: '172.30.0.4' },
];

/** natLines keeps the DNAT rules, filterLines the REJECT/DROP ones. */
const natLines = (text: string) => text.split('\n').filter((l) => l.startsWith('-A SVC'));
const filterLines = (text: string) => text.split('\n').filter((l) => l.startsWith('-A REJ'));

const entry = (endpoints: ProxyEndpoint[], extra: Partial<ServicePortEntry> = {}): ServicePortEntry => ({
  namespace: 'default',
  name: 'web',
  portName: 'http',
  protocol: 'TCP',
  kind: 'clusterIP',
  endpoints,
  nodeLocal: false,
  ...extra,
});

describe('serviceRules', () => {
  it('sends kube-dns traffic to the real DNS server, never to the virtual CoreDNS pods', () => {
    const dns = entry([endpoint('10.244.255.2')], {
      namespace: 'kube-system',
      name: 'kube-dns',
      portName: 'dns',
      protocol: 'UDP',
    });
    const map: ServiceMap = new Map([['10.96.0.10:53/UDP', dns]]);
    expect(serviceRules(chains, map, 'node01', '10.200.0.1')).toContain(
      '-A SVC -d 10.96.0.10/32 -p udp -m udp --dport 53 -m comment --comment "kube-system/kube-dns:dns" -j DNAT --to-destination 10.200.0.1:53',
    );
    expect(serviceRules(chains, map, 'node01')).not.toContain('10.244.255.2');
  });

  it('spreads a ClusterIP over its ready endpoints like upstream KUBE-SVC chains', () => {
    const map: ServiceMap = new Map([
      [
        '10.96.0.20:80/TCP',
        entry([endpoint('10.200.0.2'), endpoint('10.200.0.3'), endpoint('10.200.0.9', false)]),
      ],
      ['172.30.0.3:30080/TCP', entry([endpoint('10.200.0.2')], { kind: 'nodePort' })],
      [
        '10.96.0.30:53/UDP',
        entry([endpoint('10.200.0.4')], { name: 'dns', portName: 'dns', protocol: 'UDP' }),
      ],
      ['10.96.0.40:80/TCP', entry([], { name: 'empty' })],
    ]);
    expect(serviceRules(chains, map, 'node01').split('\n')).toEqual([
      '*nat',
      ':SVC - [0:0]',
      '-A SVC -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http" -m statistic --mode random --probability 0.5000000000 -j DNAT --to-destination 10.200.0.2:8080',
      '-A SVC -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http" -j DNAT --to-destination 10.200.0.3:8080',
      '-A SVC -d 10.96.0.30/32 -p udp -m udp --dport 53 -m comment --comment "default/dns:dns" -j DNAT --to-destination 10.200.0.4:8080',
      '-A SVC -d 172.30.0.3/32 -p tcp -m tcp --dport 30080 -m comment --comment "default/web:http" -j DNAT --to-destination 10.200.0.2:8080',
      'COMMIT',
      '*filter',
      ':REJ - [0:0]',
      '-A REJ -d 10.96.0.40/32 -p tcp -m tcp --dport 80 -m comment --comment "default/empty:http" -j REJECT --reject-with icmp-port-unreachable',
      'COMMIT',
      '',
    ]);
  });

  it('answers a NodePort on every node address, judging Local policies per node', () => {
    const eps = [endpoint('10.200.0.2', true, 'node01'), endpoint('10.200.0.3', true, 'node01')];
    const cluster: ServiceMap = new Map([['172.30.0.2:30080/TCP', entry(eps, { kind: 'nodePort' })]]);
    const rules = natLines(serviceRules(chains, cluster, 'controlplane', undefined, nodes));
    for (const node of nodes)
      expect(rules.filter((l) => l.includes(`-d ${node.ip}/32 -p tcp -m tcp --dport 30080`))).toHaveLength(2);

    const local: ServiceMap = new Map([
      ['172.30.0.2:30080/TCP', entry(eps, { kind: 'nodePort', nodeLocal: true })],
    ]);
    const text = serviceRules(chains, local, 'controlplane', undefined, nodes);
    expect(natLines(text).every((l) => l.includes('-d 172.30.0.3/32'))).toBe(true);
    // externalTrafficPolicy: Local on a node without a local endpoint drops, as kube-proxy does.
    expect(filterLines(text)).toEqual([
      '-A REJ -d 172.30.0.2/32 -p tcp -m tcp --dport 30080 -m comment --comment "default/web:http" -j DROP',
      '-A REJ -d 172.30.0.4/32 -p tcp -m tcp --dport 30080 -m comment --comment "default/web:http" -j DROP',
    ]);
  });

  it('sends a LoadBalancer IP to its endpoints, the announcing node only under Local', () => {
    const eps = [endpoint('10.200.0.2', true, 'node02'), endpoint('10.200.0.3', true, 'node01')];
    const cluster = new Map([['172.30.0.200:80/TCP', entry(eps, { kind: 'loadBalancer' })]]);
    expect(natLines(serviceRules(chains, cluster, 'controlplane', undefined, nodes))).toHaveLength(2);
    const local = new Map([['172.30.0.200:80/TCP', entry(eps, { kind: 'loadBalancer', nodeLocal: true })]]);
    expect(natLines(serviceRules(chains, local, 'controlplane', undefined, nodes))).toEqual([
      '-A SVC -d 172.30.0.200/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http" -j DNAT --to-destination 10.200.0.3:8080',
    ]);
  });

  it('keeps ClientIP affinity with one xt_recent list per endpoint, checked before the random pick', () => {
    const map = new Map([
      ['10.96.0.20:80/TCP', entry([endpoint('10.200.0.2'), endpoint('10.200.0.3')], { affinitySeconds: 60 })],
    ]);
    const rules = natLines(serviceRules(chains, map, 'node01'));
    expect(rules).toHaveLength(4);
    const lists = rules.map((l) => /--name (\S+)/.exec(l)?.[1]);
    expect(lists[0]).not.toBe(lists[1]);
    expect(lists.slice(2)).toEqual(lists.slice(0, 2));
    expect(rules[0]).toContain(
      '--rcheck --seconds 60 --reap --rsource -j DNAT --to-destination 10.200.0.2:8080',
    );
    expect(rules[1]).toContain(
      '--rcheck --seconds 60 --reap --rsource -j DNAT --to-destination 10.200.0.3:8080',
    );
    expect(rules[2]).toContain('-m statistic --mode random --probability 0.5000000000 -m recent --name');
    expect(rules[2]).toContain('--set --rsource -j DNAT --to-destination 10.200.0.2:8080');
    expect(rules[3]).toContain('--set --rsource -j DNAT --to-destination 10.200.0.3:8080');
    expect(lists.every((name) => name && name.length <= 200)).toBe(true);
  });

  it('gives virtual system pods (the in-process ingress controller) no DNAT: the port is rejected', () => {
    const map = new Map([
      [
        '10.96.0.50:80/TCP',
        entry([endpoint('10.244.255.10')], { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' }),
      ],
    ]);
    const text = serviceRules(chains, map, 'node01');
    expect(natLines(text)).toEqual([]);
    expect(filterLines(text)).toHaveLength(1);
  });

  it('names chains within the iptables limit and bridges as Docker does', () => {
    expect(chainName('sbx-a-very-long-sandbox-identifier-0123456789').length).toBeLessThanOrEqual(28);
    expect(chainName('a')).not.toBe(chainName('b'));
    expect(chainName('a', 'REJ')).toMatch(/^ATL-REJ-[0-9A-F]{16}$/);
    expect(bridgeName('0123456789abcdef0123')).toBe('br-0123456789ab');
  });
});

describe('ServiceRulesSyncer', () => {
  it('rewrites the chains when the map changes, adds the jumps once and removes everything on stop', async () => {
    const calls: string[] = [];
    let map: ServiceMap = new Map([['10.96.0.20:80/TCP', entry([endpoint('10.200.0.2')])]]);
    const syncer = new ServiceRulesSyncer({
      sandboxId: 's1',
      bridge: 'br-abc',
      nodeName: 'node01',
      serviceMap: () => map,
      intervalMs: 60_000,
      run: async (command, args, input) => {
        calls.push(`${command} ${args.join(' ')}${input ? ` <${input.split('\n').length}` : ''}`);
        if (args.includes('-C')) throw new Error('Bad rule');
      },
    });
    const { nat, reject } = syncer.chains;
    expect(await syncer.start()).toBe(true);
    await syncer.sync(); // same map: nothing to do
    map = new Map();
    await syncer.sync();
    await syncer.stop();
    expect(calls).toEqual([
      'iptables-restore -w --noflush <8',
      `iptables -w -t nat -C PREROUTING -i br-abc -j ${nat}`,
      `iptables -w -t nat -I PREROUTING -i br-abc -j ${nat}`,
      `iptables -w -t filter -C FORWARD -i br-abc -j ${reject}`,
      `iptables -w -t filter -I FORWARD -i br-abc -j ${reject}`,
      'iptables-restore -w --noflush <7',
      `iptables -w -t nat -D PREROUTING -i br-abc -j ${nat}`,
      `iptables -w -t nat -F ${nat}`,
      `iptables -w -t nat -X ${nat}`,
      `iptables -w -t filter -D FORWARD -i br-abc -j ${reject}`,
      `iptables -w -t filter -F ${reject}`,
      `iptables -w -t filter -X ${reject}`,
    ]);
  });

  it('reports a failure once and stops trying', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const syncer = new ServiceRulesSyncer({
      sandboxId: 's2',
      bridge: 'br-def',
      nodeName: 'node01',
      serviceMap: () => new Map(),
      intervalMs: 60_000,
      onError: (err) => errors.push(err),
      run: async () => {
        runs++;
        throw new Error('iptables-restore: Permission denied (you must be root)');
      },
    });
    expect(await syncer.start()).toBe(false);
    await syncer.sync();
    expect(errors).toHaveLength(1);
    expect(runs).toBe(1);
    await syncer.stop();
  });
});
