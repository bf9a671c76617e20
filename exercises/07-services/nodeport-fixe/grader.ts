import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  custom,
  decideReach,
  defineGrader,
  EXEC_CHECK_TIMEOUT_MS,
  expectedFound,
  fail,
  fieldEquals,
  listObjects,
  objectExists,
  pass,
  precondition,
  resolveKind,
  runInPod,
  serviceEndpoints,
} from '../../../graders/src/index';

const NODE_PORT = 30080;

interface NodeLike extends KubeObject {
  status?: { addresses?: { type: string; address: string }[] };
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment web existe', kind: 'Deployment', name: 'web' }),
      "Le Deployment web a été supprimé : réinitialisez l'exercice",
    ),
    precondition(
      objectExists({ id: 'client', title: 'Le Pod client existe', kind: 'Pod', name: 'client' }),
      "Le Pod client, qui sert à tester le Service, a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({
      id: 'service',
      title: 'Le Service web-nodeport existe',
      kind: 'Service',
      name: 'web-nodeport',
    }),
    fieldEquals({
      id: 'type',
      title: 'Le Service est de type NodePort',
      kind: 'Service',
      name: 'web-nodeport',
      path: 'spec.type',
      value: 'NodePort',
    }),
    fieldEquals({
      id: 'nodeport',
      title: 'Le nodePort est 30080',
      points: 2,
      kind: 'Service',
      name: 'web-nodeport',
      path: 'spec.ports[0].nodePort',
      value: 30080,
    }),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service route vers les 2 Pods de web',
      points: 2,
      name: 'web-nodeport',
      ready: 2,
    }),
    // The point of a NodePort: every node answers on that port. The client pod calls each node's
    // InternalIP, as a machine of the data centre would.
    custom(
      {
        id: 'trafic-noeuds',
        title: `Chaque nœud répond sur le port ${NODE_PORT} par la page de web`,
        points: 2,
        timeoutMs: EXEC_CHECK_TIMEOUT_MS,
      },
      async (ctx) => {
        if (!ctx.streams) {
          return fail(
            "Vérification impossible : l'exécution de commandes dans les Pods n'est pas disponible ici",
          );
        }
        const nodes = await listObjects<NodeLike>(ctx, resolveKind('Node'), undefined);
        const targets = nodes.items.flatMap((node) => {
          const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
          return ip ? [{ node: node.metadata.name!, url: `http://${ip}:${NODE_PORT}` }] : [];
        });
        if (targets.length === 0)
          return fail(expectedFound('des nœuds avec une adresse InternalIP', 'aucun'));
        for (const target of targets) {
          const result = await runInPod(ctx.streams, ctx.namespace, 'client', 'client', [
            'wget',
            '-qO-',
            '-T',
            '2',
            target.url,
          ]);
          if (result.error !== undefined) {
            return fail(expectedFound('un appel exécuté dans Pod/client', result.error));
          }
          const outcome = decideReach(target.url, /Welcome to nginx!/, result, 'Pod/client');
          if (!outcome.passed) return fail(`Nœud ${target.node} : ${outcome.message}`);
        }
        return pass(`${targets.length} nœuds répondent sur le port ${NODE_PORT}`);
      },
    ),
  ],
});
