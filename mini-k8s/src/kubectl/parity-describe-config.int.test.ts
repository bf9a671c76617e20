/**
 * Output parity of `kubectl describe` with the REAL kubectl (v1.32), configuration, storage and security
 * chapters: ConfigMaps, Secrets, ServiceAccounts, PersistentVolumes, PersistentVolumeClaims, StorageClasses,
 * Roles, ClusterRoles, RoleBindings and ClusterRoleBindings. Objects are created through the real kubectl.
 * Secrets and ConfigMaps keep one key per object where kubectl walks a Go map (random order).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeComparison, setup } from './describe/parity-fixtures';
import { type ParityCluster, realKubectlAvailable, startParityCluster } from './testing/parity-harness';

const available = await realKubectlAvailable();

const STORAGE = `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
  labels: {tier: ssd}
  annotations: {description: disques rapides}
provisioner: example.com/fast
parameters: {type: ssd, replicas: "3"}
reclaimPolicy: Retain
allowVolumeExpansion: true
volumeBindingMode: WaitForFirstConsumer
mountOptions: [noatime, nodiratime]
allowedTopologies:
- matchLabelExpressions:
  - {key: topology.kubernetes.io/zone, values: [eu-west-1a, eu-west-1b]}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-data, labels: {type: local}, annotations: {owner: dba}}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /mnt/data, type: DirectoryOrCreate}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-local}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOncePod]
  volumeMode: Block
  storageClassName: fast
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [node01, node02]}
        - {key: disk, operator: Exists}
      - matchExpressions:
        - {key: zone, operator: NotIn, values: [b]}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-nfs}
spec:
  capacity: {storage: 100Gi}
  accessModes: [ReadWriteMany]
  storageClassName: ""
  nfs: {server: nfs.example.com, path: /exports/shared, readOnly: true}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-csi}
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  csi:
    driver: ebs.csi.aws.com
    volumeHandle: vol-0123456789abcdef0
    fsType: ext4
    volumeAttributes: {storage.kubernetes.io/csiProvisionerIdentity: 1700000000000-8081-ebs.csi.aws.com, encrypted: "true"}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: app, labels: {app: db}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 3Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: cache, namespace: app}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: app, labels: {app: db}}
spec:
  containers:
  - name: db
    image: nginx:1.25
    volumeMounts: [{name: data, mountPath: /data}, {name: cache, mountPath: /cache}]
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
  - {name: cache, persistentVolumeClaim: {claimName: cache}}
`;

const RBAC = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: app, labels: {team: platform}, annotations: {owner: ci}}
rules:
- apiGroups: ["", apps]
  resources: [pods, deployments, deployments/scale]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [create, update, patch, delete]
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [app-config, feature-flags]
  verbs: [get, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
rules:
- nonResourceURLs: [/metrics, /healthz]
  verbs: [get]
- apiGroups: [""]
  resources: [nodes, nodes/metrics, services, endpoints, pods]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses]
  verbs: [get, list, watch]
`;

describe.skipIf(!available)('kubectl describe parity: configuration, storage and security', () => {
  let p: ParityCluster;
  let dir: string;
  const same = describeComparison(() => p);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'describe-files-'));
    p = await startParityCluster({ speed: 0 });
    await setup(p, ['create', 'namespace', 'app']);
    await setup(p, [
      'create',
      'configmap',
      'app-config',
      '-n',
      'app',
      '--from-literal=settings.yaml=mode: prod\nlevel: info\n',
    ]);
    await setup(p, ['label', 'configmap', 'app-config', '-n', 'app', 'app=shop', 'tier=back']);
    await setup(p, [
      'annotate',
      'configmap',
      'app-config',
      '-n',
      'app',
      'description=configuration de la boutique',
    ]);
    await setup(p, ['create', 'configmap', 'empty', '-n', 'app']);
    await setup(p, [
      'create',
      'secret',
      'generic',
      'db-pass',
      '-n',
      'app',
      '--from-literal=password=s3cr3t!',
    ]);
    await setup(p, [
      'create',
      'secret',
      'docker-registry',
      'regcred',
      '-n',
      'app',
      '--docker-server=registry.example.com',
      '--docker-username=ci',
      '--docker-password=pw',
    ]);
    await setup(p, ['create', 'serviceaccount', 'builder', '-n', 'app']);
    await setup(p, [
      'patch',
      'serviceaccount',
      'builder',
      '-n',
      'app',
      '-p',
      '{"imagePullSecrets":[{"name":"regcred"},{"name":"gone"}],"secrets":[{"name":"db-pass"},{"name":"missing"}]}',
    ]);
    await setup(p, ['annotate', 'serviceaccount', 'builder', '-n', 'app', 'purpose=builds']);
    await setup(p, ['apply', '-f', '-'], STORAGE);
    await setup(p, ['apply', '-f', '-'], RBAC);
    await setup(p, [
      'create',
      'rolebinding',
      'deployers',
      '-n',
      'app',
      '--role=deployer',
      '--user=jane',
      '--group=devs',
      '--serviceaccount=app:builder',
    ]);
    await setup(p, [
      'create',
      'clusterrolebinding',
      'monitoring',
      '--clusterrole=monitoring',
      '--serviceaccount=monitoring:prometheus',
      '--user=bob',
    ]);
    await setup(p, [
      'wait',
      '--for=jsonpath={.status.phase}=Bound',
      'pvc/data',
      'pvc/cache',
      '-n',
      'app',
      '--timeout=60s',
    ]);
  }, 120_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('describes the objects of a manifest file (-f), reporting those that do not exist', async () => {
    const file = join(dir, 'objects.yaml');
    writeFileSync(
      file,
      STORAGE.replace(/kind: Pod\n[\s\S]*$/, 'kind: Service\nmetadata: {name: ghost, namespace: app}\n'),
    );
    await same(['describe', '-f', file]);
    await same(['describe', '-f', file, 'pv']);
    await same(['describe', '-f', join(dir, 'missing.yaml')]);
  });

  it.each([
    ['describe configmap app-config -n app'],
    ['describe cm -n app'],
    ['describe cm kube-root-ca.crt -n app'],
    ['describe secret db-pass -n app'],
    ['describe secrets regcred -n app'],
    ['describe serviceaccount -n app'],
    ['describe sa builder -n app --show-events=false'],
    ['describe storageclass'],
    ['describe sc fast'],
    ['describe pv'],
    ['describe pv pv-local'],
    ['describe pvc -n app'],
    ['describe pvc data -n app'],
    ['describe role -n app'],
    ['describe clusterrole monitoring'],
    ['describe clusterrole view'],
    ['describe clusterrole system:controller:replicaset-controller'],
    ['describe rolebinding -n app'],
    ['describe clusterrolebinding monitoring cluster-admin'],
    ['describe rolebinding nope -n app'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });
});
