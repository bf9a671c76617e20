/**
 * PersistentVolume binder, protection controllers and the hostPath provisioner on an in-process cluster.
 * No scheduler nor kubelet runs: the test sets the scheduler's selected-node annotation and plays the
 * kubelet for the recycler pod.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { newVolumeProvisioner } from '../volume-provisioner/controller';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newPersistentVolumeController } from './controller';
import { newPvcProtectionController, newPvProtectionController } from './protection';
import type { PersistentVolume, PersistentVolumeClaim } from './volume-types';

let cluster: TestCluster;
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };

beforeEach(async () => {
  cluster = await startTestCluster();
  cluster.run((ctx) => newPersistentVolumeController(ctx, { resyncMs: 200 }));
  cluster.run(newVolumeProvisioner);
  cluster.run(newPvcProtectionController);
  cluster.run(newPvProtectionController);
});
afterEach(() => cluster.close());

function volume(name: string, size: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: size },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      hostPath: { path: `/mnt/${name}` },
      ...spec,
    },
  };
}

function claim(name: string, size: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...spec },
  };
}

const getClaim = (name: string) => cluster.client.get<PersistentVolumeClaim>(REFS.pvcs, 'default', name);
const getVolume = (name: string) => cluster.client.get<PersistentVolume>(REFS.pvs, undefined, name);

async function claimPhase(name: string, phase: string): Promise<PersistentVolumeClaim | false> {
  const c = await getClaim(name);
  return c.status?.phase === phase && c;
}

async function volumePhase(name: string, phase: string): Promise<PersistentVolume | false> {
  const v = await getVolume(name);
  return v.status?.phase === phase && v;
}

async function eventsFor(name: string): Promise<{ reason: string; message: string; source: string }[]> {
  const list = await cluster.client.list(EVENTS, undefined);
  return list.items
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => ({
      reason: String(e.reason),
      message: String(e.message),
      source: String((e.source as { component?: string } | undefined)?.component),
    }));
}

async function deleteClaim(name: string): Promise<void> {
  await cluster.client.delete(REFS.pvcs, 'default', name);
  await waitFor(
    async () =>
      !(await cluster.client.list(REFS.pvcs, 'default')).items.some((c) => c.metadata.name === name),
    5000,
    `claim ${name} gone`,
  );
}

describe('PersistentVolume binding', () => {
  it('binds a claim to the smallest matching volume with upstream annotations and status', async () => {
    await cluster.client.create(REFS.pvs, undefined, volume('pv-big', '10Gi'));
    await cluster.client.create(REFS.pvs, undefined, volume('pv-small', '2Gi'));
    await cluster.client.create(
      REFS.pvs,
      undefined,
      volume('pv-rwx', '1Gi', { accessModes: ['ReadWriteMany'] }),
    );
    await waitFor(() => volumePhase('pv-small', 'Available'), 5000, 'pv-small Available');
    await cluster.client.create(REFS.pvcs, 'default', claim('data', '1Gi', { storageClassName: '' }));
    const bound = await waitFor(() => claimPhase('data', 'Bound'), 5000, 'claim Bound');
    expect(bound.spec.volumeName).toBe('pv-small');
    expect(bound.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    expect(bound.status).toMatchObject({ accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
    const pv = await waitFor(() => volumePhase('pv-small', 'Bound'), 5000, 'pv Bound');
    expect(pv.spec.claimRef).toMatchObject({
      kind: 'PersistentVolumeClaim',
      name: 'data',
      uid: bound.metadata.uid,
    });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    expect(pv.metadata.finalizers).toContain('kubernetes.io/pv-protection');
    await waitFor(
      async () => (await getClaim('data')).metadata.finalizers?.includes('kubernetes.io/pvc-protection'),
      5000,
      'pvc-protection finalizer',
    );
    expect((await getVolume('pv-big')).status?.phase).toBe('Available');
  });

  it('leaves a class-less claim Pending with FailedBinding when nothing matches', async () => {
    await cluster.client.create(REFS.pvcs, 'default', claim('lonely', '1Gi', { storageClassName: '' }));
    await waitFor(() => claimPhase('lonely', 'Pending'), 5000, 'claim Pending');
    const events = await waitFor(async () => {
      const list = await eventsFor('lonely');
      return list.some((e) => e.reason === 'FailedBinding') && list;
    });
    expect(events.find((e) => e.reason === 'FailedBinding')).toMatchObject({
      message: 'no persistent volumes available for this claim and no storage class is set',
      source: 'persistentvolume-controller',
    });
  });

  it('honours spec.volumeName pre-binding and PV claimRef pre-binding', async () => {
    await cluster.client.create(REFS.pvs, undefined, volume('pv-a', '1Gi'));
    await cluster.client.create(
      REFS.pvs,
      undefined,
      volume('pv-reserved', '5Gi', { claimRef: { namespace: 'default', name: 'reserved' } }),
    );
    await cluster.client.create(
      REFS.pvcs,
      'default',
      claim('named', '1Gi', { storageClassName: '', volumeName: 'pv-a' }),
    );
    await cluster.client.create(REFS.pvcs, 'default', claim('reserved', '1Gi', { storageClassName: '' }));
    const named = await waitFor(() => claimPhase('named', 'Bound'), 5000, 'named Bound');
    expect(named.spec.volumeName).toBe('pv-a');
    // Why: the user chose the volume, so the claim is not marked bound-by-controller.
    expect(named.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBeUndefined();
    const reserved = await waitFor(() => claimPhase('reserved', 'Bound'), 5000, 'reserved Bound');
    expect(reserved.spec.volumeName).toBe('pv-reserved');
    expect(
      (await getVolume('pv-reserved')).metadata.annotations?.['pv.kubernetes.io/bound-by-controller'],
    ).toBeUndefined();
  });

  it('Retain: the volume becomes Released and stays', async () => {
    await cluster.client.create(REFS.pvs, undefined, volume('pv-keep', '1Gi'));
    await cluster.client.create(REFS.pvcs, 'default', claim('keep', '1Gi', { storageClassName: '' }));
    await waitFor(() => claimPhase('keep', 'Bound'), 5000, 'claim Bound');
    await deleteClaim('keep');
    const pv = await waitFor(() => volumePhase('pv-keep', 'Released'), 5000, 'pv Released');
    expect(pv.spec.claimRef?.name).toBe('keep');
  });

  it('Delete: a static hostPath volume under /tmp is deleted, elsewhere it fails like the in-tree deleter', async () => {
    await cluster.client.create(
      REFS.pvs,
      undefined,
      volume('pv-tmp', '1Gi', { persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: '/tmp/data' } }),
    );
    await cluster.client.create(
      REFS.pvs,
      undefined,
      volume('pv-mnt', '1Gi', { persistentVolumeReclaimPolicy: 'Delete', accessModes: ['ReadWriteMany'] }),
    );
    await cluster.client.create(REFS.pvcs, 'default', claim('tmp', '1Gi', { storageClassName: '' }));
    await cluster.client.create(
      REFS.pvcs,
      'default',
      claim('mnt', '1Gi', { storageClassName: '', accessModes: ['ReadWriteMany'] }),
    );
    await waitFor(() => claimPhase('tmp', 'Bound'), 5000, 'tmp Bound');
    await waitFor(() => claimPhase('mnt', 'Bound'), 5000, 'mnt Bound');
    await deleteClaim('tmp');
    await deleteClaim('mnt');
    await waitFor(
      async () => !(await cluster.client.list(REFS.pvs)).items.some((v) => v.metadata.name === 'pv-tmp'),
      5000,
      'pv-tmp deleted',
    );
    const failed = await waitFor(() => volumePhase('pv-mnt', 'Failed'), 5000, 'pv-mnt Failed');
    expect(failed.status?.message).toBe(
      'host_path deleter only supports /tmp/.+ but received provided /mnt/pv-mnt',
    );
    expect((await eventsFor('pv-mnt')).map((e) => e.reason)).toContain('VolumeFailedDelete');
  });

  it('Recycle: scrubs through a recycler pod, forwards its events and makes the volume Available again', async () => {
    await cluster.client.create(
      REFS.pvs,
      undefined,
      volume('pv-rec', '1Gi', { persistentVolumeReclaimPolicy: 'Recycle' }),
    );
    await cluster.client.create(REFS.pvcs, 'default', claim('rec', '1Gi', { storageClassName: '' }));
    await waitFor(() => claimPhase('rec', 'Bound'), 5000, 'claim Bound');
    await deleteClaim('rec');
    const pod = await waitFor(
      async () => {
        const pods = await cluster.client.list(REFS.pods, 'default');
        return pods.items.find((p) => p.metadata.name === 'recycler-for-pv-rec');
      },
      5000,
      'recycler pod',
    );
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      volumes: [{ name: 'vol', hostPath: { path: '/mnt/pv-rec' } }],
    });
    // Play the kubelet: an event for the pod, then the pod succeeds.
    await cluster.client.create(EVENTS, 'default', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'recycler-for-pv-rec.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: pod.metadata.name, uid: pod.metadata.uid },
      reason: 'Started',
      message: 'Started container pv-recycler',
      type: 'Normal',
      source: { component: 'kubelet' },
      firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await cluster.client.updateStatus(REFS.pods, 'default', { ...pod, status: { phase: 'Succeeded' } });
    const pv = await waitFor(() => volumePhase('pv-rec', 'Available'), 5000, 'pv Available');
    expect(pv.spec.claimRef).toBeUndefined();
    const events = await eventsFor('pv-rec');
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'RecyclerPod',
          message: 'Recycler pod: Started container pv-recycler',
        }),
        expect.objectContaining({ reason: 'VolumeRecycled', message: 'Volume recycled' }),
      ]),
    );
  });

  it('keeps a claim used by a pod Terminating until the pod is gone', async () => {
    await cluster.client.create(REFS.pvs, undefined, volume('pv-used', '1Gi'));
    await cluster.client.create(REFS.pvcs, 'default', claim('used', '1Gi', { storageClassName: '' }));
    await waitFor(
      async () => (await getClaim('used')).metadata.finalizers?.includes('kubernetes.io/pvc-protection'),
      5000,
      'finalizer',
    );
    await cluster.client.create(REFS.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'user', namespace: 'default' },
      spec: {
        containers: [{ name: 'c', image: 'nginx:1.27' }],
        volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'used' } }],
      },
    });
    await cluster.client.delete(REFS.pvcs, 'default', 'used');
    await new Promise((r) => setTimeout(r, 100));
    expect((await getClaim('used')).metadata.deletionTimestamp).toBeDefined();
    await cluster.client.delete(REFS.pods, 'default', 'user', { gracePeriodSeconds: 0 });
    await waitFor(
      async () => !(await cluster.client.list(REFS.pvcs, 'default')).items.length,
      5000,
      'claim gone',
    );
  });
});

describe('dynamic provisioning', () => {
  it('waits for the first consumer, then provisions on the selected node and deletes on release', async () => {
    await cluster.client.create(REFS.pvcs, 'default', claim('www', '1Gi', { storageClassName: 'standard' }));
    const pending = await waitFor(() => claimPhase('www', 'Pending'), 5000, 'claim Pending');
    expect(pending.spec.volumeName).toBeUndefined();
    const events = await waitFor(async () => {
      const list = await eventsFor('www');
      return list.some((e) => e.reason === 'WaitForFirstConsumer') && list;
    });
    expect(events.find((e) => e.reason === 'WaitForFirstConsumer')?.message).toBe(
      'waiting for first consumer to be created before binding',
    );
    // The scheduler picked node01.
    await cluster.client.patch(REFS.pvcs, 'default', 'www', 'merge', {
      metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node01' } },
    });
    const bound = await waitFor(() => claimPhase('www', 'Bound'), 5000, 'claim Bound');
    expect(bound.spec.volumeName).toBe(`pvc-${bound.metadata.uid}`);
    expect(bound.metadata.annotations).toMatchObject({
      'volume.kubernetes.io/storage-provisioner': 'atelier.local/hostpath',
      'volume.beta.kubernetes.io/storage-provisioner': 'atelier.local/hostpath',
    });
    const pv = await getVolume(bound.spec.volumeName!);
    expect(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('atelier.local/hostpath');
    expect(pv.spec).toMatchObject({
      capacity: { storage: '1Gi' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      hostPath: { path: `/var/lib/atelier/volumes/pvc-${bound.metadata.uid}` },
    });
    expect(JSON.stringify(pv.spec.nodeAffinity)).toContain('node01');
    const all = await eventsFor('www');
    expect(all.map((e) => e.reason)).toEqual(
      expect.arrayContaining(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']),
    );
    expect(all.find((e) => e.reason === 'ProvisioningSucceeded')).toMatchObject({
      message: `Successfully provisioned volume pvc-${bound.metadata.uid}`,
      source: 'atelier.local/hostpath_mini-k8s',
    });
    // Reclaim Delete: the provisioner deletes its PV once the claim is gone.
    await deleteClaim('www');
    await waitFor(
      async () => !(await cluster.client.list(REFS.pvs)).items.length,
      5000,
      'provisioned PV deleted',
    );
  });

  it('provisions at once for an Immediate class', async () => {
    await cluster.client.create(REFS.storageclasses, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'atelier.local/hostpath',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    });
    await cluster.client.create(REFS.pvcs, 'default', claim('quick', '3Gi', { storageClassName: 'fast' }));
    const bound = await waitFor(() => claimPhase('quick', 'Bound'), 5000, 'claim Bound');
    const pv = await getVolume(bound.spec.volumeName!);
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(pv.spec.nodeAffinity).toBeUndefined();
    // The binder's event is written asynchronously and may land after the provisioner bound the claim.
    const provisioning = await waitFor(
      async () => (await eventsFor('quick')).find((e) => e.reason === 'ExternalProvisioning'),
      5000,
      'ExternalProvisioning event',
    );
    expect(provisioning.message).toBe(
      "Waiting for a volume to be created either by the external provisioner 'atelier.local/hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    );
  });
});
