/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount): a new pod runs as its
 * namespace's `default` ServiceAccount unless it names one (the API defaults fill the name), a named
 * ServiceAccount must exist (`error looking up service account <ns>/<name>: serviceaccount "<name>" not found`),
 * and unless `automountServiceAccountToken: false` (on the pod, else on the ServiceAccount) the pod gets the
 * `kube-api-access-<suffix>` projected volume (bound token, `kube-root-ca.crt`, namespace) mounted read-only
 * at /var/run/secrets/kubernetes.io/serviceaccount in every container.
 *
 * A deliberate difference, so that pods never wait on objects created asynchronously: a missing `default`
 * ServiceAccount is not an error (the ServiceAccount controller creates it right after the namespace).
 * In a cluster that publishes the root CA (`rootCaPublished`: createCluster runs the publisher) every pod
 * gets the volume, as upstream, and the kubelet waits for `kube-root-ca.crt` like a real one (FailedMount,
 * then retry); elsewhere (a bare control plane) only once the namespace has that ConfigMap, so pods do not
 * wait forever for a ConfigMap nobody publishes.
 */
import { randomInt } from 'node:crypto';
import { errors } from '../../machinery/errors';
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from './interface';
import { objectName } from './interface';

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** Characters of generated name suffixes (apimachinery's utilrand alphanums: no vowels, no confusables). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

interface Container {
  name: string;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  volumes?: Record<string, unknown>[];
  containers?: Container[];
  initContainers?: Container[];
}

/** tokenVolume is the projected volume upstream injects. */
export function tokenVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
}

function suffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return out;
}

export class ServiceAccountAdmission implements AdmissionPlugin {
  readonly name = 'ServiceAccount';

  constructor(private readonly options: { rootCaPublished: boolean } = { rootCaPublished: false }) {}

  /** handles pod creates: upstream only mutates and checks pods when they are created. */
  handles(attributes: AdmissionAttributes): boolean {
    return (
      attributes.operation === 'CREATE' &&
      attributes.namespace !== undefined &&
      attributes.info.group === '' &&
      attributes.info.resource === 'pods'
    );
  }

  async admit(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void> {
    const spec = (attributes.object.spec ??= {}) as PodSpec;
    const namespace = attributes.namespace!;
    const saName = spec.serviceAccountName || spec.serviceAccount || 'default';
    const sa = await reader.get('', 'serviceaccounts', namespace, saName);
    if (!sa) {
      if (saName === 'default') return;
      throw errors.forbidden(
        `pods ${JSON.stringify(objectName(attributes.object))} is forbidden: error looking up service account ${namespace}/${saName}: serviceaccount ${JSON.stringify(saName)} not found`,
      );
    }
    const automount =
      spec.automountServiceAccountToken ?? (sa.automountServiceAccountToken as boolean | undefined) ?? true;
    if (!automount) return;
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    if (containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH))) return;
    if (!this.options.rootCaPublished && !(await reader.get('', 'configmaps', namespace, ROOT_CA_CONFIGMAP)))
      return;
    const existing = new Set((spec.volumes ?? []).map((v) => String(v.name)));
    let volumeName = `kube-api-access-${suffix()}`;
    while (existing.has(volumeName)) volumeName = `kube-api-access-${suffix()}`;
    spec.volumes = [...(spec.volumes ?? []), tokenVolume(volumeName)];
    for (const container of containers) {
      container.volumeMounts = [
        ...(container.volumeMounts ?? []),
        { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH },
      ];
    }
  }
}
