import { describe, expect, it } from 'vitest';
import { toolboxCreateOptions } from '../../mini-k8s/src/kubelet/runtime/docker/toolbox';
import { checkContainerCreate, checkNetworkCreate, decide, withOwnerFilter } from './policy';

const ROOTS = ['/var/lib/atelier'];
const owned = { 'atelier.sandbox': 'sb1' };

describe('decide', () => {
  it('allows the runtime calls, with or without the API version prefix', () => {
    expect(decide('GET', '/v1.41/_ping')).toEqual({ allowed: true, route: { kind: 'pass' } });
    expect(decide('POST', '/v1.41/containers/create')).toEqual({
      allowed: true,
      route: { kind: 'container-create' },
    });
    expect(decide('POST', '/containers/abc/start')).toEqual({
      allowed: true,
      route: { kind: 'container', id: 'abc' },
    });
    expect(decide('DELETE', '/v1.43/containers/abc')).toEqual({
      allowed: true,
      route: { kind: 'container', id: 'abc' },
    });
    expect(decide('POST', '/exec/e1/start')).toEqual({ allowed: true, route: { kind: 'exec', id: 'e1' } });
    expect(decide('GET', '/events')).toEqual({
      allowed: true,
      route: { kind: 'filtered', filterKey: 'label' },
    });
    expect(decide('POST', '/networks/n1/connect')).toEqual({
      allowed: true,
      route: { kind: 'network', id: 'n1' },
    });
    expect(decide('GET', '/images/atelier/busybox:offline/json')).toEqual({
      allowed: true,
      route: { kind: 'pass' },
    });
  });

  it('allows the toolbox terminal’s calls: exec with a TTY and its resize, stop when the sandbox sleeps', () => {
    for (const [method, path, route] of [
      ['POST', '/v1.41/containers/tb1/exec', { kind: 'container', id: 'tb1' }],
      ['POST', '/v1.41/exec/e1/start', { kind: 'exec', id: 'e1' }],
      ['POST', '/v1.41/exec/e1/resize', { kind: 'exec', id: 'e1' }],
      ['GET', '/v1.41/exec/e1/json', { kind: 'exec', id: 'e1' }],
      ['POST', '/v1.41/containers/tb1/stop', { kind: 'container', id: 'tb1' }],
      ['POST', '/v1.41/images/create', { kind: 'pass' }],
    ] as const) {
      expect(decide(method, path), `${method} ${path}`).toEqual({ allowed: true, route });
    }
  });

  it('refuses everything else', () => {
    for (const [method, path] of [
      ['GET', '/info'],
      ['POST', '/containers/abc/update'],
      ['PUT', '/containers/abc/archive'],
      ['POST', '/containers/prune'],
      ['DELETE', '/images/busybox'],
      ['POST', '/images/busybox/push'],
      ['POST', '/swarm/init'],
      ['POST', '/plugins/pull'],
      ['GET', '/volumes'],
      ['POST', '/build'],
      ['POST', '/session'],
    ]) {
      const decision = decide(method, path);
      expect(decision.allowed, `${method} ${path}`).toBe(false);
    }
  });
});

describe('the toolbox container', () => {
  it('passes the create policy: owned, no binds, only its sandbox network', () => {
    const body = toolboxCreateOptions({
      sandboxId: 'sb1',
      network: { id: 'n1', name: 'atelier-sb1', subnet: '10.200.1.0/24', gateway: '10.200.1.1' },
      image: 'atelier/toolbox:0123456789ab',
      dns: ['10.200.1.1'],
    });
    expect(checkContainerCreate(JSON.parse(JSON.stringify(body)), ROOTS)).toEqual({
      violations: [],
      containers: [],
      networks: ['atelier-sb1'],
    });
  });
});

describe('withOwnerFilter', () => {
  it('adds the owner label to existing filters and keeps the others', () => {
    const search = withOwnerFilter(
      new URLSearchParams({ all: '1', filters: JSON.stringify({ status: ['exited'] }) }),
    );
    expect(search.get('all')).toBe('1');
    expect(JSON.parse(search.get('filters')!)).toEqual({ status: ['exited'], label: ['atelier.sandbox'] });
  });

  it('keeps a narrower owner label filter as is and accepts the map form', () => {
    const narrow = withOwnerFilter(
      new URLSearchParams({ filters: JSON.stringify({ label: ['atelier.sandbox=sb1'] }) }),
    );
    expect(JSON.parse(narrow.get('filters')!).label).toEqual(['atelier.sandbox=sb1']);
    const map = withOwnerFilter(new URLSearchParams({ filters: JSON.stringify({ label: { 'x=y': true } }) }));
    expect(JSON.parse(map.get('filters')!).label).toEqual(['x=y', 'atelier.sandbox']);
  });

  it('replaces unparsable filters by the owner filter alone', () => {
    const search = withOwnerFilter(new URLSearchParams({ filters: '{not json' }));
    expect(JSON.parse(search.get('filters')!)).toEqual({ label: ['atelier.sandbox'] });
  });
});

describe('checkContainerCreate', () => {
  it('accepts what the runtime sends for a pod sandbox and an app container', () => {
    const pause = checkContainerCreate(
      {
        Labels: owned,
        HostConfig: {
          NetworkMode: 'atelier-sb1',
          CapDrop: ['ALL'],
          CapAdd: ['NET_ADMIN'],
          IpcMode: 'shareable',
        },
        NetworkingConfig: { EndpointsConfig: { 'atelier-sb1': {} } },
      },
      ROOTS,
    );
    expect(pause).toEqual({ violations: [], containers: [], networks: ['atelier-sb1'] });
    const app = checkContainerCreate(
      {
        Labels: owned,
        HostConfig: {
          NetworkMode: 'container:p1',
          IpcMode: 'container:p1',
          CapDrop: ['ALL'],
          CapAdd: ['CHOWN', 'KILL'],
          SecurityOpt: ['no-new-privileges'],
          Mounts: [
            { Type: 'bind', Source: '/var/lib/atelier/sb1/pods/u/empty-dir/cache', Target: '/cache' },
            { Type: 'tmpfs', Target: '/secrets' },
          ],
        },
      },
      ROOTS,
    );
    expect(app).toEqual({ violations: [], containers: ['p1'], networks: [] });
  });

  it('lists every forbidden request', () => {
    const check = checkContainerCreate(
      {
        HostConfig: {
          Privileged: true,
          CapAdd: ['SYS_ADMIN', 'CAP_NET_RAW'],
          PidMode: 'host',
          NetworkMode: 'host',
          SecurityOpt: ['seccomp=unconfined'],
          Devices: [{ PathOnHost: '/dev/kmsg' }],
          PortBindings: { '80/tcp': [{ HostPort: '80' }] },
          Binds: ['/etc:/host-etc', '/var/lib/atelier/../../../root:/r'],
          Mounts: [
            { Type: 'bind', Source: '/var/lib/atelier/sb1/docker.sock', Target: '/s' },
            { Type: 'volume', Source: 'other', Target: '/v' },
          ],
        },
      },
      ROOTS,
    );
    expect(check.violations).toEqual([
      'the container has no atelier.sandbox label',
      'privileged containers are refused',
      'capability SYS_ADMIN is refused',
      'capability NET_RAW is refused',
      'host devices are refused',
      'PidMode=host is refused',
      'security option seccomp=unconfined is refused',
      'network mode host is refused',
      'publishing ports on the host is refused',
      "bind of /etc is outside the platform's data directory",
      "bind of /var/lib/atelier/../../../root is outside the platform's data directory",
      "bind of /var/lib/atelier/sb1/docker.sock is outside the platform's data directory",
      'mounts of type volume are refused',
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(checkContainerCreate('x', ROOTS).violations).toEqual(['the body is not a JSON object']);
  });
});

describe('checkNetworkCreate', () => {
  it('accepts a labelled bridge network and refuses the others', () => {
    expect(checkNetworkCreate({ Name: 'atelier-sb1', Driver: 'bridge', Labels: owned })).toEqual([]);
    expect(checkNetworkCreate({ Name: 'x', Driver: 'macvlan' })).toEqual([
      'the network has no atelier.sandbox label',
      'network driver macvlan is refused',
    ]);
  });
});
