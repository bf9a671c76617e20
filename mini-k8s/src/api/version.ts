/**
 * The Kubernetes release mini-k8s mirrors: the API server's `/version` answer, and the client version our
 * kubectl reports (one release build: same commit and date). kubectl from the Google Cloud SDK is a dispatcher
 * that picks the kubectl binary by the server's minor version, so this must say 1.32 for the built-in kubectl
 * v1.32.4 to run.
 */

/** VERSION_INFO is version.Info as kube-apiserver (and kubectl) v1.32.4 report it. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
} as const;
