import { describe, expect, it } from 'vitest';
import { zone } from './zone-fixture';
import { resolveWithSearch, searchCandidates } from './resolver';

describe('ClusterZone', () => {
  it('answers the ClusterIP of a Service', () => {
    expect(zone.lookup('web.default.svc.cluster.local.', 'A')).toEqual({
      rcode: 'NOERROR',
      answers: [{ type: 'A', name: 'web.default.svc.cluster.local', ttl: 30, address: '10.96.0.20' }],
    });
  });

  it('answers one A per ready endpoint of a headless Service, and pod hostnames', () => {
    const result = zone.lookup('db.default.svc.cluster.local', 'A');
    expect(result.rcode === 'NOERROR' && result.answers.map((a) => a.type === 'A' && a.address)).toEqual([
      '10.244.1.5',
      '10.244.2.6',
    ]);
    const pod = zone.lookup('db-1.db.default.svc.cluster.local', 'A');
    expect(pod.rcode === 'NOERROR' && pod.answers[0]).toMatchObject({ address: '10.244.2.6' });
    expect(zone.lookup('db-2.db.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('answers SRV records for named ports', () => {
    const web = zone.lookup('_http._tcp.web.default.svc.cluster.local', 'SRV');
    expect(web.rcode === 'NOERROR' && web.answers).toEqual([
      {
        type: 'SRV',
        name: '_http._tcp.web.default.svc.cluster.local',
        ttl: 30,
        priority: 0,
        weight: 100,
        port: 80,
        target: 'web.default.svc.cluster.local',
      },
    ]);
    const db = zone.lookup('_pg._tcp.db.default.svc.cluster.local', 'SRV');
    expect(db.rcode === 'NOERROR' && db.answers.map((a) => a.type === 'SRV' && a.target)).toEqual([
      'db-0.db.default.svc.cluster.local',
      'db-1.db.default.svc.cluster.local',
    ]);
  });

  it('answers pod A records from the dashed address, CNAMEs for ExternalName, NXDOMAIN otherwise', () => {
    const pod = zone.lookup('10-244-1-5.default.pod.cluster.local', 'A');
    expect(pod.rcode === 'NOERROR' && pod.answers[0]).toMatchObject({ type: 'A', address: '10.244.1.5' });
    const ext = zone.lookup('ext.default.svc.cluster.local', 'A');
    expect(ext.rcode === 'NOERROR' && ext.answers[0]).toMatchObject({ type: 'CNAME', target: 'example.com' });
    expect(zone.lookup('nope.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(zone.lookup('default.svc.cluster.local', 'A')).toEqual({ rcode: 'NOERROR', answers: [] });
    expect(zone.lookup('example.com', 'A').rcode).toBe('NOTAUTH');
  });
});

describe('the pod stub resolver', () => {
  const searches = ['other.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

  it('tries search domains first for names with fewer dots than ndots', () => {
    expect(searchCandidates('web', searches, 5)[0]).toBe('web.other.svc.cluster.local');
    expect(searchCandidates('a.b.c.d.e.f', searches, 5)[0]).toBe('a.b.c.d.e.f');
    expect(searchCandidates('web.default.svc.cluster.local.', searches, 5)).toEqual([
      'web.default.svc.cluster.local',
    ]);
  });

  it('resolves namespace-relative names and follows CNAMEs inside the zone', () => {
    expect(resolveWithSearch(zone, 'web.default', searches)).toEqual({
      name: 'web.default.svc.cluster.local',
      addresses: ['10.96.0.20'],
    });
    expect(resolveWithSearch(zone, 'alias', searches)).toEqual({
      name: 'alias.other.svc.cluster.local',
      addresses: ['10.96.0.20'],
      cname: 'web.default.svc.cluster.local',
    });
    expect(resolveWithSearch(zone, 'web', searches)).toBeUndefined();
  });
});
