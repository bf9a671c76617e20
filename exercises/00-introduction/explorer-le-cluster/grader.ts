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
  resolveKind,
} from '../../../graders/src/index';

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** recorded checks that the key of ConfigMap `inventaire` holds the fact `truth` computes from the cluster. */
function recorded(
  id: string,
  title: string,
  key: string,
  what: string,
  truth: (ctx: GradeContext) => Promise<string>,
): Check {
  return custom({ id, title, points: 2 }, async (ctx) => {
    const cm = await getOrUndefined<KubeObject & { data?: Record<string, string> }>(
      ctx,
      'ConfigMap',
      'inventaire',
    );
    const value = cm?.data?.[key]?.trim();
    if (value === undefined) return fail(expectedFound(`la clé ${key} dans ConfigMap/inventaire`, 'absente'));
    const expected = await truth(ctx);
    return value === expected
      ? pass(`${key} = ${value}`)
      : fail(expectedFound(`${key} = ${what}`, value || '(vide)'));
  });
}

const count = (kind: string) => async (ctx: GradeContext) =>
  String((await listObjects(ctx, resolveKind(kind), undefined)).items.length);

export const grader = defineGrader({
  checks: [
    objectExists({
      id: 'configmap',
      title: 'Le ConfigMap inventaire existe',
      kind: 'ConfigMap',
      name: 'inventaire',
    }),
    recorded(
      'noeuds',
      'Le nombre de nœuds est juste',
      'noeuds',
      'le nombre de nœuds du cluster',
      count('Node'),
    ),
    recorded(
      'plan-de-controle',
      'Le nœud du plan de contrôle est identifié',
      'plan-de-controle',
      'le nom du nœud qui porte le rôle control-plane',
      async (ctx) => {
        const nodes = await listObjects(ctx, resolveKind('Node'), undefined, {
          labelSelector: CONTROL_PLANE,
        });
        return nodes.items.map((n) => n.metadata.name).join(',');
      },
    ),
    recorded(
      'namespaces',
      'Le nombre de namespaces est juste',
      'namespaces',
      'le nombre de namespaces',
      count('Namespace'),
    ),
  ],
});
