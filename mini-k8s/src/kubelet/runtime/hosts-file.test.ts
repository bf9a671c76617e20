import { describe, expect, it } from 'vitest';
import { hostsFileContent } from './hosts-file';

const pod = { name: 'web-0', namespace: 'shop', uid: 'u-1', hostname: 'web-0' };

describe('hostsFileContent', () => {
  it('writes the kubelet-managed file with the pod line, the subdomain FQDN and host aliases', () => {
    const text = hostsFileContent(
      { ...pod, subdomain: 'web', hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }] },
      '10.200.0.130',
    );
    expect(text.split('\n')[0]).toBe('# Kubernetes-managed hosts file.');
    expect(text).toContain('127.0.0.1\tlocalhost\n');
    expect(text).toContain('10.200.0.130\tweb-0.web.shop.svc.cluster.local\tweb-0\n');
    expect(text).toMatch(/\n\n# Entries added by HostAliases\.\n10\.1\.2\.3\tfoo\.local\tbar\.local\n$/);
  });

  it('lists the short name alone without subdomain and no alias section without aliases', () => {
    const text = hostsFileContent(pod, '10.200.0.131');
    expect(text).toMatch(/\n10\.200\.0\.131\tweb-0\n$/);
    expect(text).not.toContain('HostAliases');
  });
});
