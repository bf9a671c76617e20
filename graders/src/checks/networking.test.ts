/**
 * Ingress routes and backends, and Service target ports, on objects served by a small fake client (the
 * checks only read; their logic is what is tested here).
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import { StatusError } from '../../../mini-k8s/src/machinery/errors';
import { ingressBackendsExist, ingressRoute, serviceTargetsContainerPort } from './networking';

const id = { id: 'c', title: 'c' };
type Obj = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [k: string]: unknown;
};

function ctxWith(objects: Obj[]) {
  const kindOf = (resource: string) => ({ ingresses: 'Ingress', services: 'Service', pods: 'Pod' })[resource];
  const client = {
    get: async (ref: { resource: string }, _ns: string, name: string) => {
      const found = objects.find((o) => o.kind === kindOf(ref.resource) && o.metadata.name === name);
      if (!found) throw new StatusError(404, 'NotFound', `${ref.resource} "${name}" not found`);
      return found;
    },
    list: async (ref: { resource: string }, _ns: string, query: { labelSelector?: string }) => {
      const wanted = (query.labelSelector ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('='));
      return {
        items: objects.filter(
          (o) => o.kind === kindOf(ref.resource) && wanted.every(([k, v]) => o.metadata.labels?.[k!] === v),
        ),
      };
    },
  } as unknown as ApiClient;
  return { client, namespace: 'default' };
}

const route = (
  path: string,
  service: string,
  port: { number?: number; name?: string },
  pathType = 'Prefix',
) => ({
  path,
  pathType,
  backend: { service: { name: service, port } },
});
const ingress = (paths: unknown[], host = 'atelier.example.com'): Obj => ({
  kind: 'Ingress',
  metadata: { name: 'vitrine' },
  spec: { ingressClassName: 'nginx', rules: [{ host, http: { paths } }] },
});
const service = (name: string, ports: unknown[], selector: Record<string, string> = { app: name }): Obj => ({
  kind: 'Service',
  metadata: { name },
  spec: { selector, ports },
});
const pod = (app: string, ports: unknown[]): Obj => ({
  kind: 'Pod',
  metadata: { name: `${app}-1`, labels: { app } },
  spec: { containers: [{ name: app, ports }] },
});

describe('ingressRoute', () => {
  const want = {
    ...id,
    name: 'vitrine',
    host: 'atelier.example.com',
    path: '/blog',
    service: 'blog',
    port: 80,
  };

  it('finds the route in any order, by port number or name', async () => {
    const ctx = ctxWith([
      ingress([route('/boutique', 'boutique', { number: 80 }), route('/blog', 'blog', { number: 80 })]),
    ]);
    expect(await ingressRoute(want).run(ctx)).toEqual({
      passed: true,
      message: 'atelier.example.com/blog route vers blog:80',
    });
    const named = ctxWith([ingress([route('/blog', 'blog', { name: 'http' })])]);
    expect((await ingressRoute({ ...want, port: 'http' }).run(named)).passed).toBe(true);
    expect((await ingressRoute(want).run(named)).message).toBe(
      'Attendu : atelier.example.com/blog vers blog:80 ; trouvé : blog:http',
    );
    // With the Service, the name `http` and the number 80 are the same port.
    const withService = ctxWith([
      ingress([route('/blog', 'blog', { name: 'http' })]),
      service('blog', [{ name: 'http', port: 80 }]),
    ]);
    expect((await ingressRoute(want).run(withService)).passed).toBe(true);
    const otherPort = ctxWith([
      ingress([route('/blog', 'blog', { name: 'admin' })]),
      service('blog', [
        { name: 'http', port: 80 },
        { name: 'admin', port: 9000 },
      ]),
    ]);
    expect((await ingressRoute(want).run(otherPort)).passed).toBe(false);
  });

  it('names what is wrong: host, path, pathType, backend', async () => {
    const cases: [Obj[], string][] = [
      [[], 'Attendu : Ingress/vitrine présent ; trouvé : aucun objet de ce nom'],
      [
        [ingress([route('/blog', 'blog', { number: 80 })], 'autre.example.com')],
        "Attendu : une règle pour l'hôte atelier.example.com ; trouvé : autre.example.com",
      ],
      [
        [ingress([route('/boutique', 'boutique', { number: 80 })])],
        'Attendu : un chemin atelier.example.com/blog ; trouvé : /boutique',
      ],
      [
        [ingress([route('/blog', 'blog', { number: 80 }, 'Exact')])],
        'Attendu : pathType Prefix pour atelier.example.com/blog ; trouvé : Exact',
      ],
      [
        [ingress([route('/blog', 'blogs', { number: 80 })])],
        'Attendu : atelier.example.com/blog vers blog:80 ; trouvé : blogs:80',
      ],
    ];
    for (const [objects, message] of cases)
      expect((await ingressRoute(want).run(ctxWith(objects))).message).toBe(message);
  });
});

describe('ingressBackendsExist', () => {
  const check = ingressBackendsExist({ ...id, name: 'vitrine' });
  it('passes when every backend Service has the port', async () => {
    const ctx = ctxWith([
      ingress([route('/a', 'a', { number: 80 }), route('/b', 'b', { name: 'web' })]),
      service('a', [{ port: 80 }]),
      service('b', [{ name: 'web', port: 8080 }]),
    ]);
    expect(await check.run(ctx)).toEqual({ passed: true, message: '2 backend(s) présents' });
  });
  it('names a missing Service or port', async () => {
    expect((await check.run(ctxWith([ingress([route('/a', 'a', { number: 80 })])]))).message).toBe(
      'Attendu : Service/a présent ; trouvé : aucun objet de ce nom',
    );
    const wrongPort = ctxWith([
      ingress([route('/a', 'a', { number: 80 })]),
      service('a', [{ name: 'http', port: 8080 }]),
    ]);
    expect((await check.run(wrongPort)).message).toBe(
      'Attendu : le port 80 sur Service/a ; trouvé : http (8080)',
    );
  });
});

describe('serviceTargetsContainerPort', () => {
  const check = serviceTargetsContainerPort({ ...id, name: 'api' });
  // Two replicas declaring the same port: the message lists it once.
  const pods = [
    pod('api', [{ name: 'http', containerPort: 8080 }]),
    pod('api', [{ name: 'http', containerPort: 8080 }]),
  ];
  it('accepts a matching number, a matching name, and a defaulted target equal to the port', async () => {
    for (const port of [{ port: 80, targetPort: 8080 }, { port: 80, targetPort: 'http' }, { port: 8080 }]) {
      expect((await check.run(ctxWith([service('api', [port]), ...pods]))).passed).toBe(true);
    }
  });
  it('shows the container ports when the target is wrong', async () => {
    expect(
      (await check.run(ctxWith([service('api', [{ port: 80, targetPort: 80 }]), ...pods]))).message,
    ).toBe('Attendu : targetPort parmi les ports des conteneurs (http (8080)) ; trouvé : 80');
    expect(
      (await check.run(ctxWith([service('api', [{ port: 80 }], { app: 'apii' }), ...pods]))).message,
    ).toBe('Attendu : des Pods sélectionnés par app=apii ; trouvé : aucun Pod');
  });
});
