/**
 * The DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault): a new
 * PersistentVolumeClaim without `storageClassName` gets the cluster's default StorageClass (annotation
 * `storageclass.kubernetes.io/is-default-class: "true"`; the newest one when several are marked). A claim
 * that sets `storageClassName: ""` explicitly asks for no class and is left alone.
 */
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from './interface';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export class DefaultStorageClass implements AdmissionPlugin {
  readonly name = 'DefaultStorageClass';

  handles(attributes: AdmissionAttributes): boolean {
    return (
      attributes.operation === 'CREATE' &&
      attributes.info.group === '' &&
      attributes.info.resource === 'persistentvolumeclaims'
    );
  }

  async admit(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void> {
    const spec = (attributes.object.spec ??= {}) as { storageClassName?: string | null };
    if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
    if (attributes.object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined)
      return;
    const classes = (await reader.list('storage.k8s.io', 'storageclasses', undefined)).filter(
      (c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true',
    );
    if (classes.length === 0) return;
    classes.sort((a, b) => {
      const ta = a.metadata.creationTimestamp ?? '';
      const tb = b.metadata.creationTimestamp ?? '';
      if (ta !== tb) return ta > tb ? -1 : 1;
      return a.metadata.name! < b.metadata.name! ? -1 : 1;
    });
    spec.storageClassName = classes[0].metadata.name!;
  }
}
