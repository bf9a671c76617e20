import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { evaluate, type Peer, type PodPort, type PolicyView } from '../../../mini-k8s/src/network/policy';
import {
  custom,
  defineGrader,
  expectedFound,
  fail,
  objectExists,
  pass,
  podCannotReach,
  podReaches,
  precondition,
  type GradeContext,
} from '../../../graders/src/index';

const POLICIES = { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', namespaced: true };
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** view reads the policies and namespace labels the CNI would enforce. */
async function view(ctx: GradeContext): Promise<PolicyView> {
  const policies = (await ctx.client.list(POLICIES)).items;
  const namespaces = new Map(
    (await ctx.client.list(NAMESPACES)).items.map((ns) => [
      ns.metadata.name!,
      { 'kubernetes.io/metadata.name': ns.metadata.name!, ...(ns.metadata.labels ?? {}) },
    ]),
  );
  return {
    policies: (namespace) => policies.filter((p) => p.metadata.namespace === namespace),
    namespaceLabels: (namespace) => namespaces.get(namespace),
  };
}

async function dbPeer(ctx: GradeContext): Promise<Peer> {
  const db: KubeObject = await ctx.client.get(PODS, ctx.namespace, 'db');
  const containers = (db.spec as { containers: { ports?: PodPort[] }[] }).containers;
  return {
    ip: (db.status as { podIP?: string } | undefined)?.podIP ?? '10.244.1.2',
    pod: {
      namespace: ctx.namespace,
      labels: db.metadata.labels ?? {},
      ports: containers.flatMap((c) => c.ports ?? []),
    },
  };
}

/** reach checks whether a client with `labels` in `namespace` may open db:8080/TCP. */
function reach(
  id: string,
  title: string,
  who: (ctx: GradeContext) => { namespace: string; labels: Record<string, string> },
  allowed: boolean,
) {
  return custom({ id, title, points: 2 }, async (ctx) => {
    const client = who(ctx);
    const source: Peer = { ip: '10.244.2.200', pod: { ...client, ports: [] } };
    const verdict = evaluate(source, await dbPeer(ctx), 8080, 'TCP', await view(ctx));
    const label = `${Object.entries(client.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')} (namespace ${client.namespace})`;
    const expected = `${label} → db:8080 ${allowed ? 'autorisé' : 'refusé'}`;
    return verdict.allowed === allowed
      ? pass(expected)
      : fail(expectedFound(expected, verdict.allowed ? 'autorisé' : 'refusé'));
  });
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'pod-db', title: 'Le Pod db existe', kind: 'Pod', name: 'db' }),
      "Le Pod db a été supprimé : réinitialisez l'exercice",
    ),
    custom({ id: 'politique', title: 'Une NetworkPolicy isole db en entrée' }, async (ctx) => {
      const db = await dbPeer(ctx);
      const unknown: Peer = { ip: '203.0.113.9' };
      const isolated = !evaluate(unknown, db, 65000, 'UDP', await view(ctx)).allowed;
      return isolated
        ? pass('db est isolé en entrée')
        : fail(expectedFound('une politique qui sélectionne app=db (Ingress)', 'db ouvert à tous'));
    }),
    reach(
      'api-autorise',
      'Les Pods app=api joignent db:8080',
      (ctx) => ({ namespace: ctx.namespace, labels: { app: 'api' } }),
      true,
    ),
    reach(
      'autres-refuses',
      'Les autres Pods du namespace sont refusés',
      (ctx) => ({ namespace: ctx.namespace, labels: { app: 'intrus' } }),
      false,
    ),
    reach(
      'autre-namespace-refuse',
      "Un Pod app=api d'un autre namespace est refusé",
      () => ({ namespace: 'autre-equipe', labels: { app: 'api' } }),
      false,
    ),
    // The same rules seen from the pods: the real connections the CNI lets through or drops.
    podReaches({
      id: 'trafic-api',
      title: 'Le Pod api obtient la réponse de db',
      from: { pod: 'api' },
      url: 'http://db:8080',
      body: /Hello, world!/,
    }),
    podCannotReach({
      id: 'trafic-intrus',
      title: "Le Pod intrus n'obtient plus de réponse de db",
      from: { pod: 'intrus' },
      url: 'http://db:8080',
    }),
  ],
});
