import { describe, expect, it } from 'vitest';
import { podDnsConfig } from './dns-config';

describe('podDnsConfig', () => {
  it('points ClusterFirst pods at the cluster DNS with the namespace search path', () => {
    expect(podDnsConfig('dev', {}, '10.96.0.10')).toEqual({
      servers: ['10.96.0.10'],
      searches: ['dev.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      options: ['ndots:5'],
    });
  });

  it('uses the node resolver for Default and for hostNetwork pods with ClusterFirst', () => {
    expect(podDnsConfig('dev', { dnsPolicy: 'Default' }, '10.96.0.10').servers).toEqual(['172.30.0.1']);
    expect(podDnsConfig('dev', { hostNetwork: true }, '10.96.0.10').servers).toEqual(['172.30.0.1']);
    expect(
      podDnsConfig('dev', { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, '10.96.0.10').servers,
    ).toEqual(['10.96.0.10']);
  });

  it('builds None from dnsConfig alone and merges dnsConfig into the others', () => {
    expect(
      podDnsConfig(
        'dev',
        {
          dnsPolicy: 'None',
          dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp.local'], options: [{ name: 'edns0' }] },
        },
        '10.96.0.10',
      ),
    ).toEqual({ servers: ['1.1.1.1'], searches: ['corp.local'], options: ['edns0'] });
    const merged = podDnsConfig(
      'dev',
      { dnsConfig: { options: [{ name: 'ndots', value: '2' }] } },
      '10.96.0.10',
    );
    expect(merged.options).toEqual(['ndots:2']);
  });
});
