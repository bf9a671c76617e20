/**
 * newVolumeReclaimer holds the volume half of the PV controller (syncVolume and reclaimVolume in
 * pv_controller.go): a volume without a claimRef (or reserved by a claimRef without UID) is Available, a
 * volume whose claim is bound to it is Bound, a volume whose claim is gone is Released and its reclaim
 * policy runs:
 * - Retain: nothing, the volume stays Released;
 * - Delete: a dynamically provisioned volume is left to its provisioner; a static hostPath volume is deleted
 *   when its path is under /tmp/ (the in-tree host_path deleter's rule), any other volume turns Failed with
 *   VolumeFailedDelete;
 * - Recycle: hostPath and nfs volumes are scrubbed by a `recycler-for-<pv>` pod in `default`; its events
 *   are forwarded as `RecyclerPod`, success emits VolumeRecycled and makes the volume Available again,
 *   failure turns it Failed with VolumeFailedRecycle.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { ApiClient } from '../../client/client';
import type { EventRecorder } from '../../client/event-recorder';
import { rfc3339 } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { isNotFound } from '../../machinery/errors';
import { Quantity } from '../../machinery/quantity';
import { REFS } from '../workload-utils/refs';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  type PersistentVolume,
  type PersistentVolumeClaim,
  volumeModeMismatch,
} from './volume-types';

const EVENTS = findResource('', 'v1', 'events')!;
const RECYCLER_PREFIX = 'recycler-for-';
const RECYCLER_NAMESPACE = 'default';
const GI = 1024 ** 3;

export interface VolumeSyncResult {
  /** enqueueClaim asks for the claim named by the volume's claimRef to be synced. */
  enqueueClaim?: boolean;
  requeueAfterMs?: number;
}

export interface VolumeReclaimer {
  syncVolume(
    volume: PersistentVolume,
    cachedClaim: PersistentVolumeClaim | undefined,
  ): Promise<VolumeSyncResult>;
  /** updateVolumePhase writes status.phase (and message) when they change; returns the current volume. */
  updateVolumePhase(volume: PersistentVolume, phase: string, message?: string): Promise<PersistentVolume>;
  /** volumeOfRecyclerPod returns the volume name a `recycler-for-<pv>` pod scrubs, if it is one. */
  volumeOfRecyclerPod(pod: KubeObject): string | undefined;
}

export function newVolumeReclaimer(deps: {
  client: ApiClient;
  recorder: EventRecorder;
  now: () => Date;
  pods: Informer;
  recyclerImage: string;
}): VolumeReclaimer {
  const { client, recorder, now, pods } = deps;

  async function updateVolumePhase(
    volume: PersistentVolume,
    phase: string,
    message?: string,
  ): Promise<PersistentVolume> {
    const status = volume.status ?? {};
    if (status.phase === phase && (message === undefined || status.message === message)) return volume;
    const next: PersistentVolume['status'] = { ...status, phase };
    if (message !== undefined) next.message = message;
    else delete next.message;
    if (status.phase !== phase) next.lastPhaseTransitionTime = rfc3339(now());
    return client.updateStatus<PersistentVolume>(REFS.pvs, undefined, { ...volume, status: next });
  }

  async function failVolume(volume: PersistentVolume, reason: string, message: string): Promise<void> {
    // Why: keep a Failed volume's first error visible instead of re-emitting it on every resync.
    if (volume.status?.phase === 'Failed') return;
    await updateVolumePhase(volume, 'Failed', message);
    await recorder.record(volume, 'Warning', reason, message);
  }

  /** liveClaim double-checks a claim missing from the cache against the API server. */
  async function liveClaim(volume: PersistentVolume, cached: PersistentVolumeClaim | undefined) {
    const ref = volume.spec.claimRef!;
    let claim = cached;
    if (!claim) {
      try {
        claim = await client.get<PersistentVolumeClaim>(REFS.pvcs, ref.namespace, ref.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return undefined;
      }
    }
    // Why: a claim deleted and recreated under the same name is another claim.
    return claim.metadata.uid === ref.uid ? claim : undefined;
  }

  async function syncVolume(
    volume: PersistentVolume,
    cachedClaim: PersistentVolumeClaim | undefined,
  ): Promise<VolumeSyncResult> {
    const ref = volume.spec.claimRef;
    if (!ref || !ref.uid) {
      // Free, or reserved for a claim that will bind it (the claim sync finishes the binding).
      await updateVolumePhase(volume, 'Available');
      return ref ? { enqueueClaim: true } : {};
    }
    const claim = await liveClaim(volume, cachedClaim);
    if (!claim) {
      let current = volume;
      if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed')
        current = await updateVolumePhase(volume, 'Released');
      return reclaimVolume(current);
    }
    if (!claim.spec.volumeName) {
      if (volumeModeMismatch(claim, volume)) {
        await recorder.record(
          volume,
          'Warning',
          'VolumeMismatch',
          `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`,
        );
        await recorder.record(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`,
        );
        return {};
      }
      return { enqueueClaim: true };
    }
    if (claim.spec.volumeName === volume.metadata.name) {
      await updateVolumePhase(volume, 'Bound');
      return {};
    }
    // The claim is bound to another volume.
    if (
      volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] &&
      volume.spec.persistentVolumeReclaimPolicy === 'Delete'
    ) {
      const current = await updateVolumePhase(volume, 'Released');
      return reclaimVolume(current);
    }
    if (volume.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) await unbindVolume(volume);
    return {};
  }

  async function unbindVolume(volume: PersistentVolume): Promise<void> {
    const annotations = { ...(volume.metadata.annotations ?? {}) };
    let claimRef = volume.spec.claimRef;
    if (annotations[ANN_BOUND_BY_CONTROLLER] !== undefined) {
      claimRef = null;
      delete annotations[ANN_BOUND_BY_CONTROLLER];
    } else if (claimRef) {
      // Pre-bound by the user: keep the reservation, forget the old claim's UID.
      claimRef = { ...claimRef };
      delete claimRef.uid;
      delete claimRef.resourceVersion;
    }
    const spec = { ...volume.spec };
    if (claimRef) spec.claimRef = claimRef;
    else delete spec.claimRef;
    const updated = await client.update<PersistentVolume>(REFS.pvs, undefined, {
      ...volume,
      metadata: { ...volume.metadata, annotations },
      spec,
    });
    await updateVolumePhase(updated, 'Available');
  }

  async function reclaimVolume(volume: PersistentVolume): Promise<VolumeSyncResult> {
    switch (volume.spec.persistentVolumeReclaimPolicy ?? 'Retain') {
      case 'Retain':
        return {};
      case 'Delete':
        await deleteVolume(volume);
        return {};
      case 'Recycle':
        return recycleVolume(volume);
      default:
        await failVolume(
          volume,
          'VolumeUnknownReclaimPolicy',
          'Volume has unrecognized PersistentVolumeReclaimPolicy',
        );
        return {};
    }
  }

  async function deleteVolume(volume: PersistentVolume): Promise<void> {
    // Why: an external provisioner deletes the volumes it created (it watches for Released ones).
    if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED]) return;
    if (volume.metadata.deletionTimestamp) return;
    const name = volume.metadata.name!;
    if (!volume.spec.hostPath) {
      await failVolume(
        volume,
        'VolumeFailedDelete',
        `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`,
      );
      return;
    }
    const path = volume.spec.hostPath.path;
    if (!/\/tmp\/.+/.test(path)) {
      await failVolume(
        volume,
        'VolumeFailedDelete',
        `host_path deleter only supports /tmp/.+ but received provided ${path}`,
      );
      return;
    }
    try {
      await client.delete(REFS.pvs, undefined, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  function recyclerPod(volume: PersistentVolume): KubeObject {
    const source = volume.spec.hostPath
      ? { hostPath: { path: volume.spec.hostPath.path } }
      : { nfs: { server: volume.spec.nfs!.server, path: volume.spec.nfs!.path } };
    // Why: the deadline grows with the volume size, as --pv-recycler-increment-timeout-* do (60 s + 30 s/Gi).
    const storage = volume.spec.capacity?.storage;
    const gi = storage ? Math.ceil(Quantity.parse(storage).toBytes() / GI) : 0;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${RECYCLER_PREFIX}${volume.metadata.name}`, namespace: RECYCLER_NAMESPACE },
      spec: {
        activeDeadlineSeconds: Math.max(60, 30 * gi),
        restartPolicy: 'Never',
        volumes: [{ name: 'vol', ...source }],
        containers: [
          {
            name: 'pv-recycler',
            image: deps.recyclerImage,
            command: ['/bin/sh'],
            args: [
              '-c',
              'test -e /scrub && find /scrub -mindepth 1 -delete && test -z "$(ls -A /scrub)" || exit 1',
            ],
            volumeMounts: [{ name: 'vol', mountPath: '/scrub' }],
          },
        ],
      },
    };
  }

  async function forwardPodEvents(pod: KubeObject, volume: PersistentVolume): Promise<void> {
    const events = await client.list(EVENTS, RECYCLER_NAMESPACE);
    const own = events.items
      .filter((e) => (e.involvedObject as { uid?: string } | undefined)?.uid === pod.metadata.uid)
      .sort((a, b) => String(a.firstTimestamp ?? '').localeCompare(String(b.firstTimestamp ?? '')));
    for (const event of own) {
      const type = event.type === 'Warning' ? 'Warning' : 'Normal';
      await recorder.record(volume, type, 'RecyclerPod', `Recycler pod: ${String(event.message ?? '')}`);
    }
  }

  async function recycleVolume(volume: PersistentVolume): Promise<VolumeSyncResult> {
    if (volume.status?.phase === 'Failed') return {};
    if (!volume.spec.hostPath && !volume.spec.nfs) {
      await failVolume(volume, 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
      return {};
    }
    const podName = `${RECYCLER_PREFIX}${volume.metadata.name}`;
    const pod = pods.get(`${RECYCLER_NAMESPACE}/${podName}`);
    if (!pod) {
      try {
        await client.create(REFS.pods, RECYCLER_NAMESPACE, recyclerPod(volume));
      } catch (err) {
        if ((err as { code?: number }).code !== 409) throw err;
      }
      return {};
    }
    const phase = (pod.status as { phase?: string; message?: string } | undefined)?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') return {};
    await forwardPodEvents(pod, volume);
    try {
      await client.delete(REFS.pods, RECYCLER_NAMESPACE, podName, { gracePeriodSeconds: 0 });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (phase === 'Failed') {
      const message =
        (pod.status as { message?: string }).message || 'pod failed, pod.Status.Message unknown.';
      await failVolume(volume, 'VolumeFailedRecycle', `Recycle failed: ${message}`);
      return {};
    }
    await recorder.record(volume, 'Normal', 'VolumeRecycled', 'Volume recycled');
    await unbindVolume(volume);
    return {};
  }

  return {
    syncVolume,
    updateVolumePhase,
    volumeOfRecyclerPod(pod) {
      const name = pod.metadata.name ?? '';
      return pod.metadata.namespace === RECYCLER_NAMESPACE && name.startsWith(RECYCLER_PREFIX)
        ? name.slice(RECYCLER_PREFIX.length)
        : undefined;
    },
  };
}
