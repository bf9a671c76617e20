/**
 * Describers of the storage kinds: PersistentVolume (with its source and node affinity),
 * PersistentVolumeClaim (with the pods using it) and StorageClass.
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from '../../apiserver/tables/age';
import { parseQuantity } from '../../machinery/quantity';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, compare, eventsFor, rfc1123z } from './describers';

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface PersistentVolume extends KubeObject {
  spec?: {
    storageClassName?: string;
    claimRef?: { namespace?: string; name?: string };
    persistentVolumeReclaimPolicy?: string;
    accessModes?: string[];
    volumeMode?: string;
    capacity?: Record<string, string>;
    nodeAffinity?: { required?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[] }[] } };
    hostPath?: { path: string; type?: string };
    local?: { path: string; fsType?: string };
    nfs?: { server: string; path: string; readOnly?: boolean };
    csi?: {
      driver: string;
      volumeHandle: string;
      fsType?: string;
      readOnly?: boolean;
      volumeAttributes?: Record<string, string>;
    };
  };
  status?: { phase?: string; message?: string };
}

/** describePersistentVolume prints class, status, claim, policy, modes, capacity, affinity and source. */
export async function describePersistentVolume(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const pv = obj as PersistentVolume;
  const spec = pv.spec ?? {};
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${pv.metadata.name}\n`);
  w.labels('Labels', pv.metadata.labels);
  w.annotations('Annotations', pv.metadata.annotations);
  w.write(0, `Finalizers:\t[${(pv.metadata.finalizers ?? []).join(' ')}]\n`);
  w.write(
    0,
    `StorageClass:\t${pv.metadata.annotations?.[BETA_STORAGE_CLASS] ?? spec.storageClassName ?? ''}\n`,
  );
  if (pv.metadata.deletionTimestamp) {
    w.write(
      0,
      `Status:\tTerminating (lasts ${translateTimestampSince(pv.metadata.deletionTimestamp, ctx.now)})\n`,
    );
  } else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`);
  const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
  w.write(0, `Claim:\t${claim}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
  if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${quantity(spec.capacity?.storage)}\n`);
  w.write(0, 'Node Affinity:\t');
  const required = spec.nodeAffinity?.required;
  if (!required) w.line('<none>');
  else {
    w.line('');
    w.write(1, 'Required Terms:\t');
    const terms = required.nodeSelectorTerms ?? [];
    if (terms.length === 0) w.line('<none>');
    else {
      w.line('');
      terms.forEach((term, i) => {
        w.write(2, `Term ${i}:\t`);
        const reqs = term.matchExpressions ?? [];
        if (reqs.length === 0) {
          w.line('<none>');
          return;
        }
        reqs.forEach((r, j) => {
          if (j !== 0) w.write(2, '\t');
          const values = r.values && r.values.length > 0 ? ` [${r.values.join(', ')}]` : '';
          w.write(0, `${r.key} ${r.operator.toLowerCase()}${values}\n`);
        });
      });
    }
  }
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  if (spec.hostPath) {
    w.write(
      2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type || '<none>'}\n`,
    );
  } else if (spec.nfs) {
    w.write(
      2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`,
    );
  } else if (spec.local) {
    w.write(
      2,
      `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`,
    );
  } else if (spec.csi) {
    const csi = spec.csi;
    w.write(
      2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${csi.driver}\n    FSType:\t${csi.fsType ?? ''}\n    VolumeHandle:\t${csi.volumeHandle}\n    ReadOnly:\t${csi.readOnly === true}\n`,
    );
    w.write(2, 'VolumeAttributes:\t');
    const attrs = csi.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort(compare);
    if (keys.length === 0) w.line('<none>');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(2, '\t');
      const line = `${k}=${attrs[k]}`;
      w.write(2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
    });
  } else w.write(1, '<unknown>\n');
  if (events) w.events(events);
  return w.toString();
}

interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: string;
    resources?: { requests?: Record<string, string> };
    dataSource?: { apiGroup?: string; kind: string; name: string };
  };
  status?: {
    phase?: string;
    accessModes?: string[];
    capacity?: Record<string, string>;
    conditions?: {
      type: string;
      status: string;
      lastProbeTime?: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }[];
  };
}

interface Pod extends KubeObject {
  spec?: { volumes?: { persistentVolumeClaim?: { claimName: string } }[] };
}

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** describePersistentVolumeClaim prints the claim, the pods that use it (by volume or owner) and conditions. */
export async function describePersistentVolumeClaim(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const pvc = obj as PersistentVolumeClaim;
  const spec = pvc.spec ?? {};
  const status = pvc.status ?? {};
  const nsPods = (await ctx.client.list<Pod>(PODS, pvc.metadata.namespace)).items;
  const users: Pod[] = [];
  for (const pod of nsPods) {
    for (const v of pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName === pvc.metadata.name) users.push(pod);
    }
  }
  for (const owner of pvc.metadata.ownerReferences ?? []) {
    if (owner.kind !== 'Pod') continue;
    const pod = nsPods.find((p) => p.metadata.uid === owner.uid);
    if (pod && !users.some((u) => u.metadata.uid === pod.metadata.uid)) users.push(pod);
  }
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${pvc.metadata.name}\n`);
  w.write(0, `Namespace:\t${pvc.metadata.namespace}\n`);
  w.write(
    0,
    `StorageClass:\t${pvc.metadata.annotations?.[BETA_STORAGE_CLASS] ?? spec.storageClassName ?? ''}\n`,
  );
  if (pvc.metadata.deletionTimestamp) {
    w.write(
      0,
      `Status:\tTerminating (lasts ${translateTimestampSince(pvc.metadata.deletionTimestamp, ctx.now)})\n`,
    );
  } else w.write(0, `Status:\t${status.phase ?? ''}\n`);
  w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`);
  w.labels('Labels', pvc.metadata.labels);
  w.annotations('Annotations', pvc.metadata.annotations);
  w.write(0, `Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
  const bound = Boolean(spec.volumeName);
  w.write(0, `Capacity:\t${bound ? quantity(status.capacity?.storage) : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModes(status.accessModes) : ''}\n`);
  if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${spec.dataSource.kind}\n`);
    w.write(1, `Name:\t${spec.dataSource.name}\n`);
  }
  w.write(0, 'Used By:\t');
  if (users.length === 0) w.line('<none>');
  const names = users.map((p) => p.metadata.name!).sort(compare);
  names.forEach((name, i) => w.write(0, `${i === 0 ? '' : '\t'}${name}\n`));
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  if (events) w.events(events);
  return w.toString();
}

interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowedTopologies?: { matchLabelExpressions?: { key: string; values: string[] }[] }[];
}

/** describeStorageClass prints whether it is the default class, its provisioner, parameters and policies. */
export async function describeStorageClass(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const sc = obj as StorageClass;
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  const a = sc.metadata.annotations ?? {};
  const isDefault =
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  w.write(0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
  w.write(0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${boolPtr(sc.allowVolumeExpansion)}\n`);
  if (!sc.mountOptions || sc.mountOptions.length === 0) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const o of sc.mountOptions) w.write(1, `${o}\n`);
  }
  if (sc.reclaimPolicy !== undefined) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode !== undefined) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) {
    w.write(0, 'AllowedTopologies:\t');
    if (sc.allowedTopologies.length === 0) w.line('<none>');
    else {
      w.line('');
      sc.allowedTopologies.forEach((term, i) => {
        w.write(1, `Term ${i}:\t`);
        const reqs = term.matchLabelExpressions ?? [];
        if (reqs.length === 0) {
          w.line('<none>');
          return;
        }
        reqs.forEach((r, j) => {
          if (j !== 0) w.write(1, '\t');
          const values = r.values.length > 0 ? ` [${r.values.join(', ')}]` : '';
          w.write(0, `${r.key} in${values}\n`);
        });
      });
    }
  }
  if (events) w.events(events);
  return w.toString();
}

/** accessModes is GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModes(modes: string[] | undefined): string {
  const abbreviations: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return abbreviations
    .filter(([mode]) => (modes ?? []).includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** formatLabels is labels.FormatLabels: `k=v` sorted by key and comma-joined, `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined): string {
  const keys = Object.keys(map ?? {}).sort(compare);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${map![k]}`).join(',');
}

/** boolPtr is printBoolPtr: `True`, `False` or `<unset>`. */
export function boolPtr(value: boolean | undefined): string {
  return value === undefined ? '<unset>' : value ? 'True' : 'False';
}

function quantity(text: string | undefined): string {
  if (text === undefined) return '0';
  try {
    return parseQuantity(text).toString();
  } catch {
    return text;
  }
}
