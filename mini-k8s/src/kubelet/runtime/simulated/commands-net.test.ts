import { describe, expect, it } from 'vitest';
import { parseResolvConf } from './commands-net';

describe('parseResolvConf', () => {
  it('reads what the kubelet writes for a ClusterFirst pod', () => {
    expect(
      parseResolvConf(
        'search dev.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
      ),
    ).toEqual({
      nameservers: ['10.96.0.10'],
      searches: ['dev.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      ndots: 5,
    });
  });

  it('uses the libc defaults and ignores comments and unknown lines', () => {
    expect(
      parseResolvConf('# generated\nnameserver 1.1.1.1\nnameserver 8.8.8.8\nsortlist 10.0.0.0\n'),
    ).toEqual({
      nameservers: ['1.1.1.1', '8.8.8.8'],
      searches: [],
      ndots: 1,
    });
    expect(parseResolvConf('options ndots:40 edns0').ndots).toBe(15);
  });
});
