import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  custom,
  defineGrader,
  EXEC_CHECK_TIMEOUT_MS,
  expectedFound,
  fail,
  fieldEquals,
  fieldMatches,
  listObjects,
  pass,
  podReaches,
  precondition,
  resolveKind,
  runInPod,
} from '../../../graders/src/index';

/** The search list the kubelet writes for a ClusterFirst pod of the learner's namespace. */
const CLUSTER_SEARCHES = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

interface PodLike extends KubeObject {
  status?: { phase?: string };
}

/** resolvSummary describes a resolv.conf in a message: its search line, or its nameservers when it has none. */
function resolvSummary(text: string): { searches: string[]; found: string } {
  const lines = text.split('\n').map((l) => l.trim().split(/\s+/));
  const searches = lines.find((l) => l[0] === 'search')?.slice(1) ?? [];
  const servers = lines.filter((l) => l[0] === 'nameserver').map((l) => l[1]);
  const found =
    searches.length > 0
      ? `search ${searches.join(' ')}`
      : `aucun domaine de recherche (nameserver ${servers.join(', ') || 'absent'})`;
  return { searches, found };
}

export const grader = defineGrader({
  checks: [
    precondition(
      fieldMatches({
        id: 'service-api',
        title: 'Le Service api est intact',
        kind: 'Service',
        name: 'api',
        expected: { spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } },
      }),
      "Le Service api a été modifié ou supprimé : corrigez le Deployment rapports, ou réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'dns-policy',
      title: 'Les Pods rapports suivent la politique DNS ClusterFirst',
      kind: 'Deployment',
      name: 'rapports',
      path: 'spec.template.spec.dnsPolicy',
      value: 'ClusterFirst',
    }),
    // What the application's resolver reads: the cluster's search domains, written by the kubelet.
    custom(
      {
        id: 'resolv-conf',
        title: 'Le resolv.conf des Pods rapports contient les domaines de recherche du cluster',
        timeoutMs: EXEC_CHECK_TIMEOUT_MS,
      },
      async (ctx) => {
        if (!ctx.streams) {
          return fail(
            "Vérification impossible : l'exécution de commandes dans les Pods n'est pas disponible ici",
          );
        }
        const pods = await listObjects<PodLike>(ctx, resolveKind('Pod'), ctx.namespace, {
          labelSelector: 'app=rapports',
        });
        // Newest running pod first: during a rollout it carries the learner's latest change.
        const pod = pods.items
          .filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running')
          .sort((a, b) =>
            (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
          )[0];
        if (!pod) return fail(expectedFound("un Pod app=rapports en cours d'exécution", 'aucun'));
        const name = pod.metadata.name!;
        const result = await runInPod(ctx.streams, ctx.namespace, name, 'rapports', [
          'cat',
          '/etc/resolv.conf',
        ]);
        if (result.error !== undefined || result.exitCode !== 0) {
          return fail(
            expectedFound(`/etc/resolv.conf dans Pod/${name}`, result.error ?? 'fichier illisible'),
          );
        }
        const { searches, found } = resolvSummary(result.stdout);
        const expected = `search ${CLUSTER_SEARCHES.join(' ')}`;
        return searches.join(' ') === CLUSTER_SEARCHES.join(' ')
          ? pass(`${expected} dans Pod/${name}`)
          : fail(expectedFound(`${expected} dans /etc/resolv.conf`, found));
      },
    ),
    podReaches({
      id: 'appel',
      title: 'Les Pods rapports obtiennent la réponse du Service api par son nom court',
      points: 3,
      from: { selector: 'app=rapports' },
      url: 'http://api',
      body: /Hello, world!/,
    }),
  ],
});
