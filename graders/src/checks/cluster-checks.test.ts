/**
 * Every check against a real in-process cluster (`createCluster({ speed: 0 })`): the passing case and the
 * French message of the failing case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import { type Check, type GradeContext, resolveKind } from './check';
import { pvcBound, rbacCan, rbacCannot, serviceEndpoints } from './cluster-resources';
import { precondition } from './custom';
import { countForSelector, fieldEquals, fieldMatches, objectAbsent, objectExists } from './objects';
import { conditionTrue, podRestartsAtMost, podsRunningReady } from './status';
import { eventRecorded, rolledBack, rolloutComplete } from './workloads';

let cluster: Cluster;
let ctx: GradeContext;

const id = { id: 'c', title: 'c' };
const deployment = (image: string): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    },
  }) as KubeObject;

async function until(check: Check, passed: boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = await check.run(ctx);
    if (outcome.passed === passed || Date.now() > deadline)
      return outcome.passed === passed ? outcome.message : `unexpected: ${outcome.message}`;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  cluster = await createCluster({ speed: 0 });
  ctx = { client: cluster.client, namespace: 'default' };
  const { client } = cluster;
  await client.create(resolveKind('Deployment'), 'default', deployment('nginx:1.24'));
  await until(rolloutComplete({ ...id, name: 'web', image: 'nginx:1.24' }), true);
  await client.patch(resolveKind('Deployment'), 'default', 'web', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
  });
  await until(rolloutComplete({ ...id, name: 'web', image: 'nginx:1.25' }), true);
  await client.create(resolveKind('Service'), 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  } as KubeObject);
  await client.create(resolveKind('PersistentVolume'), undefined, {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1' },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'manual',
      hostPath: { path: '/data/pv1' },
    },
  } as KubeObject);
  await client.create(resolveKind('PersistentVolumeClaim'), 'default', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'claim' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'manual',
      resources: { requests: { storage: '1Gi' } },
    },
  } as KubeObject);
});
afterAll(async () => {
  await cluster?.close();
});

describe('checks on a live cluster', () => {
  it.each<{ name: string; check: Check; passed: boolean; message: string }>([
    {
      name: 'objectExists',
      check: objectExists({ ...id, kind: 'deploy', name: 'web' }),
      passed: true,
      message: 'Deployment/web existe',
    },
    {
      name: 'objectExists (absent)',
      check: objectExists({ ...id, kind: 'Deployment', name: 'api' }),
      passed: false,
      message: 'Attendu : Deployment/api présent ; trouvé : aucun objet de ce nom',
    },
    {
      name: 'objectAbsent',
      check: objectAbsent({ ...id, kind: 'Pod', name: 'nope' }),
      passed: true,
      message: 'Pod/nope est absent',
    },
    {
      name: 'objectAbsent (present)',
      check: objectAbsent({ ...id, kind: 'Service', name: 'web' }),
      passed: false,
      message: 'Attendu : Service/web absent ; trouvé : il existe encore',
    },
    {
      name: 'fieldEquals',
      check: fieldEquals({ ...id, kind: 'Deployment', name: 'web', path: 'spec.replicas', value: 3 }),
      passed: false,
      message: 'Attendu : spec.replicas = 3 ; trouvé : 2',
    },
    {
      name: 'fieldMatches',
      check: fieldMatches({
        ...id,
        kind: 'Deployment',
        name: 'web',
        expected: { spec: { template: { spec: { containers: [{ image: /^nginx:1\.2[0-4]$/ }] } } } },
      }),
      passed: false,
      message:
        'Attendu : spec.template.spec.containers[0].image = /^nginx:1\\.2[0-4]$/ ; trouvé : nginx:1.25',
    },
    {
      name: 'countForSelector',
      check: countForSelector({ ...id, kind: 'ReplicaSet', selector: 'app=web', count: 3 }),
      passed: false,
      message: 'Attendu : 3 replicasets avec app=web ; trouvé : 2',
    },
    {
      name: 'conditionTrue',
      check: conditionTrue({ ...id, kind: 'Deployment', name: 'web', type: 'Available' }),
      passed: true,
      message: 'Deployment/web : Available=True',
    },
    {
      name: 'conditionTrue (missing condition)',
      check: conditionTrue({ ...id, kind: 'Deployment', name: 'web', type: 'Complete' }),
      passed: false,
      message: 'Attendu : Deployment/web avec Complete=True ; trouvé : pas de condition Complete',
    },
    {
      name: 'podsRunningReady (too many wanted)',
      check: podsRunningReady({ ...id, selector: 'app=web', count: 3 }),
      passed: false,
      message: 'Attendu : au moins 3 pod(s) app=web prêts ; trouvé : 2',
    },
    {
      name: 'podsRunningReady (on the control plane)',
      check: podsRunningReady({ ...id, selector: 'app=web', count: 2, node: 'controlplane' }),
      passed: false,
      message: 'Attendu : tous les pods sur le nœud controlplane',
    },
    {
      name: 'podRestartsAtMost',
      check: podRestartsAtMost({ ...id, selector: 'app=web', max: 0 }),
      passed: true,
      message: '0 redémarrage(s)',
    },
    {
      name: 'rolloutComplete (other image)',
      check: rolloutComplete({ ...id, name: 'web', image: 'nginx:1.24' }),
      passed: false,
      message: 'Attendu : image nginx:1.24 ; trouvé : nginx:1.25',
    },
    {
      name: 'rolledBack (no rollback yet)',
      check: rolledBack({ ...id, name: 'web', image: 'nginx:1.25' }),
      passed: false,
      message: 'Attendu : un retour arrière (kubectl rollout undo) ; trouvé : révision 2',
    },
    {
      name: 'serviceEndpoints',
      check: serviceEndpoints({ ...id, name: 'web', ready: 2 }),
      passed: true,
      message: '2 point(s) de terminaison prêts',
    },
    {
      name: 'pvcBound (reclaim policy)',
      check: pvcBound({ ...id, name: 'claim', accessMode: 'ReadWriteOnce', reclaimPolicy: 'Delete' }),
      passed: false,
      message: 'Attendu : politique de récupération Delete ; trouvé : Retain',
    },
    {
      name: 'pvcBound',
      check: pvcBound({
        ...id,
        name: 'claim',
        volume: 'pv1',
        accessMode: 'ReadWriteOnce',
        reclaimPolicy: 'Retain',
      }),
      passed: true,
      message: 'PVC claim lié à pv1',
    },
    {
      name: 'eventRecorded',
      check: eventRecorded({ ...id, kind: 'Deployment', name: 'web', reason: 'ScalingReplicaSet' }),
      passed: true,
      message: 'événement ScalingReplicaSet trouvé',
    },
    {
      name: 'precondition',
      check: precondition(
        objectExists({ ...id, kind: 'ConfigMap', name: 'depart' }),
        'Le ConfigMap de départ a été supprimé',
      ),
      passed: false,
      message:
        'Le ConfigMap de départ a été supprimé (Attendu : ConfigMap/depart présent ; trouvé : aucun objet de ce nom)',
    },
  ])('$name', async ({ check, passed, message }) => {
    expect(await until(check, passed)).toContain(message);
  });

  it('rolledBack passes after a rollback renumbers the old revision', async () => {
    await cluster.client.patch(resolveKind('Deployment'), 'default', 'web', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.24' }] } } },
    });
    expect(await until(rolledBack({ ...id, name: 'web', image: 'nginx:1.24' }), true)).toBe(
      'retour arrière vers nginx:1.24 (révision 3)',
    );
  });

  it('asks access questions through a SubjectAccessReview', async () => {
    // The cluster authorizes with RBAC: the default ServiceAccount may not list pods until a binding allows it.
    const question = { ...id, serviceAccount: 'default', verb: 'list', resource: 'pods' };
    expect(await until(rbacCannot(question), true)).toBe(
      'system:serviceaccount:default:default ne peut pas list pods dans le namespace default',
    );
    expect(await until(rbacCan(question), false)).toContain(
      'Attendu : system:serviceaccount:default:default peut list pods dans le namespace default ; trouvé : refusé',
    );
    await cluster.client.create(resolveKind('RoleBinding'), 'default', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'default-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    });
    expect(await until(rbacCan(question), true)).toBe(
      'system:serviceaccount:default:default peut list pods dans le namespace default',
    );
    expect(await until(rbacCannot(question), false)).toBe(
      'Attendu : system:serviceaccount:default:default ne peut pas list pods dans le namespace default ; trouvé : autorisé',
    );
  });

  it('does not count a RoleBinding as a right on a cluster-scoped resource', async () => {
    // A RoleBinding in default to a ClusterRole listing nodes grants nothing on nodes: `kubectl get nodes` names no
    // namespace. The review must ask the same question (no namespace), or it would wrongly answer yes.
    await cluster.client.create(resolveKind('ClusterRole'), undefined, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'lecteur-noeuds' },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }],
    });
    await cluster.client.create(resolveKind('RoleBinding'), 'default', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'noeuds-par-namespace' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'lecteur-noeuds' },
      subjects: [{ kind: 'User', name: 'carole' }],
    });
    const nodes = { ...id, user: 'carole', verb: 'list', resource: 'nodes' };
    expect(await until(rbacCannot(nodes), true)).toBe(
      "carole ne peut pas list nodes (à l'échelle du cluster)",
    );
    await cluster.client.create(resolveKind('ClusterRoleBinding'), undefined, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'noeuds-partout' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'lecteur-noeuds' },
      subjects: [{ kind: 'User', name: 'carole' }],
    });
    expect(await until(rbacCan(nodes), true)).toBe("carole peut list nodes (à l'échelle du cluster)");
  });
});
