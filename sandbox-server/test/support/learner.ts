/**
 * Learners of a running platform as a kubectl would see them: `newLearner` creates a learner (cookie) and
 * their sandbox through the real HTTP routes, then reads the bearer token from the sandbox's kubeconfig, so
 * tests and benchmarks can call `/k8s/<id>/…` exactly as the learner's own kubectl does.
 */
import { parse } from 'yaml';

/** Learner is one learner of a running platform with the credentials of their sandbox. */
export interface Learner {
  /** The sandbox id (the `/k8s/<id>` prefix). */
  id: string;
  /** The learner's identity cookie (`name=value`). */
  cookie: string;
  /** The sandbox's bearer token, from the kubeconfig. */
  token: string;
  /** Headers for JSON calls to `/k8s/<id>/…` with the token. */
  headers: Record<string, string>;
  /** k8s(path, init) calls `${url}/k8s/<id>${path}` with the token. */
  k8s(path: string, init?: RequestInit & { base?: string }): Promise<Response>;
}

/** newLearner creates a learner and their sandbox on the platform at `url` (plain HTTP on loopback). */
export async function newLearner(url: string): Promise<Learner> {
  const created = await fetch(`${url}/api/sandboxes`, { method: 'POST' });
  if (created.status !== 201) throw new Error(`sandbox creation: ${created.status} ${await created.text()}`);
  const cookie = created.headers.get('set-cookie')!.split(';')[0];
  const { id } = (await created.json()) as { id: string };
  const res = await fetch(`${url}/api/sandboxes/${id}/kubeconfig`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`kubeconfig: ${res.status} ${await res.text()}`);
  const kubeconfig = parse(await res.text());
  const token = kubeconfig.users[0].user.token as string;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    id,
    cookie,
    token,
    headers,
    k8s: (path, init = {}) => {
      const { base = url, ...rest } = init;
      const contentType = rest.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      return fetch(`${base}/k8s/${id}${path}`, {
        ...rest,
        headers: { ...headers, 'content-type': contentType, ...(rest.headers as Record<string, string>) },
      });
    },
  };
}
