import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  type Check,
  type CheckOutcome,
  type GradeContext,
  custom,
  defineGrader,
  expectedFound,
  fail,
  fieldEquals,
  getOrUndefined,
  objectExists,
  pass,
  precondition,
  rolloutComplete,
  withHint,
} from '../../../graders/src/index';

const NAMESPACE = 'boutique';
const ENFORCE = 'pod-security.kubernetes.io/enforce';

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type?: string };
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
}
interface PodSpec {
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
}
interface Deployment extends KubeObject {
  spec?: { template?: { spec?: PodSpec } };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

/**
 * templateCheck grades every container of the vitrine Deployment's pod template: `missing` returns what a
 * container lacks (undefined when it complies), looking at the container's securityContext, then the pod's.
 */
function templateCheck(
  base: { id: string; title: string; points?: number },
  expected: string,
  missing: (container: SecurityContext, pod: SecurityContext) => string | undefined,
): Check {
  return custom(base, async (ctx): Promise<CheckOutcome> => {
    const d = await getOrUndefined<Deployment>(ctx, 'Deployment', 'vitrine', NAMESPACE);
    if (!d) return fail(expectedFound('Deployment/vitrine présent', 'aucun objet de ce nom'));
    const spec = d.spec?.template?.spec ?? {};
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    for (const c of containers) {
      const found = missing(c.securityContext ?? {}, spec.securityContext ?? {});
      if (found !== undefined) return fail(expectedFound(`${expected} (conteneur ${c.name})`, found));
    }
    return pass(expected);
  });
}

const show = (value: unknown) => (value === undefined ? 'absent' : JSON.stringify(value));

/** rolloutHint quotes why the ReplicaSet cannot create its pods (the PodSecurity refusal). */
async function rolloutHint(ctx: GradeContext): Promise<string> {
  const d = await getOrUndefined<Deployment>(ctx, 'Deployment', 'vitrine', NAMESPACE);
  const failure = d?.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  return failure?.message
    ? `Le ReplicaSet ne peut pas créer ses Pods : ${failure.message}`
    : '`kubectl get rs,pods -n boutique` et `kubectl describe rs -n boutique` montrent où en est le déploiement';
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'deployment',
        title: 'Le Deployment vitrine existe dans boutique',
        kind: 'Deployment',
        name: 'vitrine',
        namespace: NAMESPACE,
      }),
      "Le Deployment vitrine a été supprimé : réinitialisez l'exercice",
    ),
    withHint(
      fieldEquals({
        id: 'label-enforce',
        title: 'Le namespace boutique impose le niveau restricted',
        points: 2,
        kind: 'Namespace',
        name: NAMESPACE,
        path: `metadata.labels['${ENFORCE}']`,
        value: 'restricted',
      }),
      async () =>
        `Seul le label ${ENFORCE} fait refuser les Pods non conformes ; warn et audit ne font qu'avertir`,
    ),
    templateCheck(
      { id: 'non-root', title: 'Les conteneurs ne tournent pas en root' },
      'runAsNonRoot: true et runAsUser non nul',
      (c, pod) => {
        const nonRoot = c.runAsNonRoot ?? pod.runAsNonRoot;
        if (nonRoot !== true) return `runAsNonRoot ${show(nonRoot)}`;
        // The image runs as root: without a non-zero runAsUser, the kubelet refuses to start it
        // (« container has runAsNonRoot and image will run as root »).
        const user = c.runAsUser ?? pod.runAsUser;
        return user === undefined || user === 0 ? `runAsUser ${show(user)}` : undefined;
      },
    ),
    templateCheck(
      { id: 'escalade', title: "Les conteneurs interdisent l'escalade de privilèges" },
      'allowPrivilegeEscalation: false',
      (c) => (c.allowPrivilegeEscalation === false ? undefined : show(c.allowPrivilegeEscalation)),
    ),
    templateCheck(
      { id: 'capacites', title: 'Les conteneurs abandonnent toutes les capacités Linux' },
      'capabilities.drop: [ALL]',
      (c) => (c.capabilities?.drop?.includes('ALL') ? undefined : `drop ${show(c.capabilities?.drop)}`),
    ),
    templateCheck(
      { id: 'seccomp', title: 'Un profil seccomp RuntimeDefault (ou Localhost) est appliqué' },
      'seccompProfile.type RuntimeDefault ou Localhost',
      (c, pod) => {
        const type = c.seccompProfile?.type ?? pod.seccompProfile?.type;
        return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : show(type);
      },
    ),
    withHint(
      rolloutComplete({
        id: 'deploiement',
        title: 'Le Deployment vitrine a fini de se déployer',
        points: 2,
        name: 'vitrine',
        namespace: NAMESPACE,
      }),
      rolloutHint,
    ),
  ],
});
