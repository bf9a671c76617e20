/**
 * Volume contents: turns a pod's `spec.volumes` into what the runtime mounts (emptyDir, hostPath, or a set
 * of files for configMap/secret/downwardAPI/projected), and each container's volumeMounts into runtime
 * Mounts. A volume that cannot be set up (missing ConfigMap, unbound claim) raises a VolumeError whose
 * message is the upstream FailedMount text; the pod then stays in ContainerCreating and is retried.
 */
import type { Mount } from '../runtime/runtime';
import { configMapData, decodeSecretData } from '../env';
import { fieldRefValue, resourceFieldValue, type DownwardContext } from '../field-ref';
import type { ObjectSource } from '../object-source';
import type { Container, DownwardAPIVolumeFile, KeyToPath, Pod, Volume } from '../types';

/** ResolvedVolume is a pod volume ready to mount. */
export type ResolvedVolume =
  | { kind: 'emptyDir' }
  | { kind: 'hostPath'; path: string }
  | { kind: 'files'; files: Record<string, string> };

/** VolumeError is a FailedMount: `MountVolume.SetUp failed for volume "<name>" : <reason>`. */
export class VolumeError extends Error {
  constructor(
    readonly volumeName: string,
    readonly reason: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volumeName}" : ${reason}`);
    this.name = 'VolumeError';
  }
}

/** DEFAULT_TOKEN_SECONDS is the expiration the kubelet asks for when a projection names none (1 h). */
const DEFAULT_TOKEN_SECONDS = 3600;

/** PV_ROOT is where a PersistentVolume without a hostPath/local path lives on the node. */
export const PV_ROOT = '/var/lib/mini-k8s/pv';

function pick(
  data: Record<string, string>,
  items: KeyToPath[] | undefined,
  what: string,
): Record<string, string> {
  if (!items || items.length === 0) return { ...data };
  const out: Record<string, string> = {};
  for (const item of items) {
    if (!(item.key in data))
      throw new Error(`configured to use key ${item.key} but it does not exist in ${what}`);
    out[item.path] = data[item.key];
  }
  return out;
}

function downwardFiles(
  pod: Pod,
  items: DownwardAPIVolumeFile[] | undefined,
  ctx: DownwardContext,
): Record<string, string> {
  const out: Record<string, string> = {};
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  for (const item of items ?? []) {
    if (item.fieldRef) out[item.path] = fieldRefValue(pod, item.fieldRef, ctx);
    else if (item.resourceFieldRef) {
      const target = containers.find((c) => c.name === item.resourceFieldRef!.containerName);
      out[item.path] = resourceFieldValue(target, item.resourceFieldRef, ctx);
    }
  }
  return out;
}

/** resolveVolume computes one volume; errors become VolumeError. */
export async function resolveVolume(
  pod: Pod,
  volume: Volume,
  objects: ObjectSource,
  ctx: DownwardContext,
): Promise<ResolvedVolume> {
  const namespace = pod.metadata.namespace ?? 'default';
  try {
    if (volume.hostPath) return { kind: 'hostPath', path: volume.hostPath.path };
    if (volume.configMap) {
      const cm = await objects.configMap(namespace, volume.configMap.name);
      if (!cm) {
        if (volume.configMap.optional) return { kind: 'files', files: {} };
        throw new Error(`configmap "${volume.configMap.name}" not found`);
      }
      return {
        kind: 'files',
        files: pick(
          configMapData(cm),
          volume.configMap.items,
          `ConfigMap ${namespace}/${volume.configMap.name}`,
        ),
      };
    }
    if (volume.secret) {
      const secret = await objects.secret(namespace, volume.secret.secretName);
      if (!secret) {
        if (volume.secret.optional) return { kind: 'files', files: {} };
        throw new Error(`secret "${volume.secret.secretName}" not found`);
      }
      return {
        kind: 'files',
        files: pick(
          decodeSecretData(secret),
          volume.secret.items,
          `Secret ${namespace}/${volume.secret.secretName}`,
        ),
      };
    }
    if (volume.downwardAPI)
      return { kind: 'files', files: downwardFiles(pod, volume.downwardAPI.items, ctx) };
    if (volume.projected) {
      const files: Record<string, string> = {};
      for (const source of volume.projected.sources ?? []) {
        if (source.configMap) {
          const cm = await objects.configMap(namespace, source.configMap.name);
          if (!cm) {
            if (source.configMap.optional) continue;
            throw new Error(`configmap "${source.configMap.name}" not found`);
          }
          Object.assign(
            files,
            pick(
              configMapData(cm),
              source.configMap.items,
              `ConfigMap ${namespace}/${source.configMap.name}`,
            ),
          );
        } else if (source.secret) {
          const secret = await objects.secret(namespace, source.secret.name);
          if (!secret) {
            if (source.secret.optional) continue;
            throw new Error(`secret "${source.secret.name}" not found`);
          }
          Object.assign(
            files,
            pick(decodeSecretData(secret), source.secret.items, `Secret ${namespace}/${source.secret.name}`),
          );
        } else if (source.downwardAPI) {
          Object.assign(files, downwardFiles(pod, source.downwardAPI.items, ctx));
        } else if (source.serviceAccountToken) {
          const token = await objects.serviceAccountToken(
            namespace,
            pod.spec.serviceAccountName ?? 'default',
            {
              audiences: source.serviceAccountToken.audience ? [source.serviceAccountToken.audience] : [],
              expirationSeconds: source.serviceAccountToken.expirationSeconds ?? DEFAULT_TOKEN_SECONDS,
              boundPod: { name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
            },
          );
          files[source.serviceAccountToken.path] = token;
        }
      }
      return { kind: 'files', files };
    }
    if (volume.persistentVolumeClaim) {
      const claimName = volume.persistentVolumeClaim.claimName;
      const pvc = await objects.pvc(namespace, claimName);
      if (!pvc) throw new Error(`persistentvolumeclaim "${claimName}" not found`);
      const pvName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
      const phase = (pvc.status as { phase?: string } | undefined)?.phase;
      if (!pvName || phase !== 'Bound') throw new Error(`PVC ${namespace}/${claimName} is not bound`);
      const pv = await objects.pv(pvName);
      if (!pv) throw new Error(`persistentvolume "${pvName}" not found`);
      const spec = pv.spec as { hostPath?: { path: string }; local?: { path: string } } | undefined;
      return { kind: 'hostPath', path: spec?.hostPath?.path ?? spec?.local?.path ?? `${PV_ROOT}/${pvName}` };
    }
    // emptyDir and every volume type the simulation has no backing for behave as scratch space.
    return { kind: 'emptyDir' };
  } catch (err) {
    throw new VolumeError(volume.name, err instanceof Error ? err.message : String(err));
  }
}

/** resolveVolumes computes every volume of the pod, keyed by name. */
export async function resolveVolumes(
  pod: Pod,
  objects: ObjectSource,
  ctx: DownwardContext,
): Promise<Map<string, ResolvedVolume>> {
  const out = new Map<string, ResolvedVolume>();
  for (const volume of pod.spec.volumes ?? [])
    out.set(volume.name, await resolveVolume(pod, volume, objects, ctx));
  return out;
}

/** containerMounts maps a container's volumeMounts onto runtime Mounts. */
export function containerMounts(container: Container, volumes: Map<string, ResolvedVolume>): Mount[] {
  const mounts: Mount[] = [];
  for (const vm of container.volumeMounts ?? []) {
    const volume = volumes.get(vm.name);
    if (!volume) continue;
    const common = { containerPath: vm.mountPath, readOnly: vm.readOnly, subPath: vm.subPath || undefined };
    if (volume.kind === 'emptyDir') mounts.push({ kind: 'emptyDir', volumeName: vm.name, ...common });
    else if (volume.kind === 'hostPath') mounts.push({ kind: 'hostPath', hostPath: volume.path, ...common });
    else mounts.push({ kind: 'files', volumeName: vm.name, files: volume.files, ...common });
  }
  return mounts;
}
