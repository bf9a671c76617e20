/**
 * renderLearnerKubeconfig writes the kubeconfig a learner downloads: one cluster whose server is this
 * platform's HTTPS origin plus /k8s/<sandbox-id>, verified TLS (never insecure-skip-tls-verify), the CA
 * inline when the platform uses its own, the learner's sandbox token, and a current context named after
 * the sandbox; plus one user and one context per lesson user (`kubectl --context alice get pods`).
 */
import { stringify } from 'yaml';

/** LearnerKubeconfig are the facts of a learner's kubeconfig. */
export interface LearnerKubeconfig {
  /** https://host:port/k8s/<id> */
  server: string;
  sandboxId: string;
  token: string;
  /** Undefined: the learner's system roots verify the server (a publicly trusted certificate). */
  caPem?: string;
  /** The sandbox's lesson users (alice, bob): a user and a context named after each. */
  lessonUsers?: { name: string; token: string }[];
  /**
   * tlsServerName is the name to verify the certificate against when `server` names the platform by an
   * address the certificate does not list (the toolbox reaches it through its network's gateway).
   */
  tlsServerName?: string;
}

export function renderLearnerKubeconfig(input: LearnerKubeconfig): string {
  const name = `atelier-${input.sandboxId}`;
  const lessonUsers = input.lessonUsers ?? [];
  const cluster: Record<string, unknown> = { server: input.server, 'insecure-skip-tls-verify': false };
  if (input.caPem) cluster['certificate-authority-data'] = Buffer.from(input.caPem).toString('base64');
  if (input.tlsServerName) cluster['tls-server-name'] = input.tlsServerName;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [
      { name: `${name}-apprenant`, user: { token: input.token } },
      ...lessonUsers.map((u) => ({ name: u.name, user: { token: u.token } })),
    ],
    contexts: [
      { name, context: { cluster: name, user: `${name}-apprenant`, namespace: 'default' } },
      ...lessonUsers.map((u) => ({
        name: u.name,
        context: { cluster: name, user: u.name, namespace: 'default' },
      })),
    ],
    'current-context': name,
    preferences: {},
  });
}
