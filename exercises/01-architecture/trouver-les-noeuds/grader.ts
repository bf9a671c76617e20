import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  type Check,
  custom,
  defineGrader,
  expectedFound,
  fail,
  type GradeContext,
  getOrUndefined,
  listObjects,
  objectExists,
  pass,
  precondition,
  resolveKind,
} from '../../../graders/src/index';

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

interface NodeLike extends KubeObject {
  spec?: { taints?: { key: string; value?: string; effect: string }[] };
}

async function controlPlanes(ctx: GradeContext): Promise<NodeLike[]> {
  return (await listObjects<NodeLike>(ctx, resolveKind('Node'), undefined, { labelSelector: CONTROL_PLANE }))
    .items;
}

/** answer checks that key of ConfigMap `reponses` is one of the values `truths` computes from the cluster. */
function answer(
  id: string,
  title: string,
  key: string,
  what: string,
  truths: (ctx: GradeContext) => Promise<string[]>,
): Check {
  return custom({ id, title, points: 2 }, async (ctx) => {
    const cm = await getOrUndefined<KubeObject & { data?: Record<string, string> }>(
      ctx,
      'ConfigMap',
      'reponses',
    );
    const value = cm?.data?.[key]?.trim();
    if (value === undefined) return fail(expectedFound(`la clé ${key} dans ConfigMap/reponses`, 'absente'));
    const accepted = await truths(ctx);
    return accepted.includes(value)
      ? pass(`${key} = ${value}`)
      : fail(expectedFound(`${key} = ${what}`, value || '(vide)'));
  });
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'pod-web', title: 'Le Pod web existe', kind: 'Pod', name: 'web' }),
      "Le Pod web a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({
      id: 'configmap',
      title: 'Le ConfigMap reponses existe',
      kind: 'ConfigMap',
      name: 'reponses',
    }),
    answer(
      'plan-de-controle',
      'Le plan de contrôle est identifié',
      'plan-de-controle',
      'le nom du nœud control-plane',
      async (ctx) => (await controlPlanes(ctx)).map((n) => n.metadata.name!),
    ),
    answer(
      'taint',
      'Sa taint est notée avec son effet',
      'taint',
      'la taint du plan de contrôle, « clé:effet »',
      async (ctx) =>
        (await controlPlanes(ctx)).flatMap((n) =>
          (n.spec?.taints ?? []).flatMap((t) => [
            `${t.key}:${t.effect}`,
            ...(t.value ? [`${t.key}=${t.value}:${t.effect}`] : []),
          ]),
        ),
    ),
    answer(
      'noeud-de-web',
      'Le nœud du Pod web est trouvé',
      'noeud-de-web',
      'le nœud où tourne le Pod web',
      async (ctx) => {
        const pod = await getOrUndefined<KubeObject & { spec?: { nodeName?: string } }>(ctx, 'Pod', 'web');
        return pod?.spec?.nodeName ? [pod.spec.nodeName] : [];
      },
    ),
  ],
});
