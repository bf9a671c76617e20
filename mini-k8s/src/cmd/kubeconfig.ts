/**
 * The kubeconfig `mini-k8s up` writes: one cluster (the server URL and the CA, inline), the admin user
 * with its bearer token, and a `mini-k8s` context that is current.
 */
import { stringify } from 'yaml';

/** KubeconfigInput are the facts a kubeconfig needs. */
export interface KubeconfigInput {
  server: string;
  caPem: string;
  token: string;
  name?: string;
  user?: string;
}

/** renderKubeconfig returns the kubeconfig YAML. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = input.name ?? 'mini-k8s';
  const user = input.user ?? 'kubernetes-admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: input.server,
          'certificate-authority-data': Buffer.from(input.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token: input.token } }],
    contexts: [{ name, context: { cluster: name, user } }],
    'current-context': name,
    preferences: {},
  });
}
