import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { hostMatches, rewritePath, route, servedBy, tlsHost } from './routing';

const ingress = (
  name: string,
  spec: Record<string, unknown>,
  created = '2026-01-01T00:00:00Z',
): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec,
});

const backend = (name: string, number = 80) => ({ service: { name, port: { number } } });

const fanout = ingress('fanout', {
  tls: [{ hosts: ['secure.local'], secretName: 'tls' }],
  rules: [
    {
      host: 'demo.local',
      http: {
        paths: [
          { path: '/', pathType: 'Prefix', backend: backend('root') },
          { path: '/api', pathType: 'Prefix', backend: backend('api') },
          { path: '/api/v2', pathType: 'Prefix', backend: backend('api-v2') },
          { path: '/exact', pathType: 'Exact', backend: backend('exact') },
        ],
      },
    },
    { host: '*.apps.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('wild') }] } },
  ],
});
const fallback = ingress('fallback', { defaultBackend: backend('default-app') }, '2026-01-02T00:00:00Z');

describe('ingress routing', () => {
  it('picks the longest matching prefix, per path element, and exact paths', () => {
    expect(route([fanout], 'demo.local', '/api/users')?.service).toBe('api');
    expect(route([fanout], 'demo.local', '/api/v2/users?x=1')?.service).toBe('api-v2');
    expect(route([fanout], 'demo.local', '/apix')?.service).toBe('root');
    expect(route([fanout], 'demo.local:80', '/exact')?.service).toBe('exact');
    expect(route([fanout], 'demo.local', '/exact/more')?.service).toBe('root');
  });

  it('matches wildcard hosts on one label only and falls back to a default backend', () => {
    expect(route([fanout], 'shop.apps.local', '/')?.service).toBe('wild');
    expect(route([fanout], 'a.b.apps.local', '/')).toBeUndefined();
    expect(route([fanout, fallback], 'unknown.local', '/')?.service).toBe('default-app');
    expect(hostMatches(undefined, 'anything')).toBe('any');
  });

  it('selects Ingresses by class and knows the TLS hosts', () => {
    expect(servedBy(ingress('a', { ingressClassName: 'nginx' }))).toBe(true);
    expect(servedBy(ingress('b', { ingressClassName: 'traefik' }))).toBe(false);
    expect(servedBy(ingress('c', {}), 'nginx', false)).toBe(false);
    expect(tlsHost([fanout], 'secure.local')).toBe(true);
    expect(tlsHost([fanout], 'demo.local')).toBe(false);
  });
});

describe('rewritePath (nginx.ingress.kubernetes.io/rewrite-target)', () => {
  const base = { namespace: 'default', ingress: 'i', service: 's', port: { number: 80 } };
  it('replaces the whole URI with the target, keeping the query, as nginx rewrite … break', () => {
    const b = { ...base, rulePath: '/foo', rewriteTarget: '/' };
    expect(rewritePath(b, '/foo/index.html')).toBe('/');
    expect(rewritePath(b, '/FOO?x=1')).toBe('/?x=1');
  });
  it('substitutes the rule path groups and leaves other paths alone', () => {
    const b = { ...base, rulePath: '/api(/|$)(.*)', rewriteTarget: '/$2' };
    expect(rewritePath(b, '/api/users/7')).toBe('/users/7');
    expect(rewritePath(b, '/api')).toBe('/');
    expect(rewritePath({ ...base, rulePath: '/x' }, '/x/y')).toBe('/x/y');
    expect(rewritePath({ ...base, rulePath: '/a(', rewriteTarget: '/' }, '/a(/b')).toBe('/');
  });
  it('is carried by the route from the Ingress annotation', () => {
    const annotated: KubeObject = {
      ...ingress('fan', {
        rules: [
          {
            host: 'foo.bar.com',
            http: { paths: [{ path: '/foo', pathType: 'Prefix', backend: backend('service1', 4200) }] },
          },
        ],
      }),
    };
    annotated.metadata.annotations = { 'nginx.ingress.kubernetes.io/rewrite-target': '/' };
    const found = route([annotated], 'foo.bar.com', '/foo/index.html');
    expect(found).toMatchObject({ service: 'service1', rulePath: '/foo', rewriteTarget: '/' });
    expect(rewritePath(found!, '/foo/index.html')).toBe('/');
  });
});
