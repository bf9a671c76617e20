import { describe, expect, it } from 'vitest';
import { platformLinks } from './terminal-links';

describe('platformLinks', () => {
  it('finds the port-forward path kubectl prints, with its columns', () => {
    const line =
      'Ouvrez http://localhost:8080/api/sandboxes/k3x9/port-forward/default/web-1/80/ dans le navigateur';
    const [link] = platformLinks(line);
    expect(link).toEqual({
      start: line.indexOf('/api/'),
      end: line.indexOf(' dans'),
      path: '/api/sandboxes/k3x9/port-forward/default/web-1/80/',
    });
  });

  it('finds the service proxy paths and leaves trailing punctuation out', () => {
    const links = platformLinks(
      'voir /s/ab12/nodeport/30080/. puis /s/ab12/lb/172.30.0.200/80/index.html, et /s/ab12/ingress/demo.local/',
    );
    expect(links.map((l) => l.path)).toEqual([
      '/s/ab12/nodeport/30080/',
      '/s/ab12/lb/172.30.0.200/80/index.html',
      '/s/ab12/ingress/demo.local/',
    ]);
  });

  it('ignores other paths', () => {
    expect(platformLinks('cat /etc/resolv.conf; curl http://web/api/v1; /s/ab/other/1/')).toEqual([]);
  });
});
