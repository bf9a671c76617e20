/**
 * Pod and pod template validation (pkg/apis/core/validation: ValidatePodSpec and its helpers) for what
 * learners typically get wrong: container lists and names, volumes, restart and DNS policies,
 * tolerations, host network ports. Per-container checks live in container.ts.
 */
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import {
  nameIsDnsSubdomain,
  validateDns1123Label,
  validateLabelValue,
  validateQualifiedName,
} from '../../machinery/names';
import type { KubeObject } from '../object';
import { validateContainerCommon, validateProbe } from './container';
import { validateEphemeralContainers } from './ephemeral-containers';
import { list, obj, str, type Json } from './helpers';
import { validateAnnotations, validateLabels, validateObjectMeta } from './meta';

export { SUPPORTED_PORT_PROTOCOLS, validatePortNumOrName, validateResourceRequirements } from './container';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

/** VOLUME_SOURCES is the order validateVolumeSource checks the sources in. */
const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
];
const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

function validateKeyToPaths(items: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(items).forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (!str(item.key)) errs.push(fieldErrors.required(`${itemPath}.key`));
    const p = str(item.path);
    if (!p) errs.push(fieldErrors.required(`${itemPath}.path`));
    else if (p.startsWith('/'))
      errs.push(fieldErrors.invalid(`${itemPath}.path`, p, 'must be a relative path'));
    else if (p.split('/').includes('..'))
      errs.push(fieldErrors.invalid(`${itemPath}.path`, p, "must not contain '..'"));
  });
  return errs;
}

function validateMode(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777)
    ? [fieldErrors.invalid(path, mode, FILE_MODE_ERROR)]
    : [];
}

/** validateVolumeSource checks that exactly one source is set, and the common source fields. */
function validateVolumeSource(volume: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const source of VOLUME_SOURCES) {
    const value = volume[source];
    if (value === undefined || value === null) continue;
    if (count > 0) {
      errs.push(fieldErrors.forbidden(`${path}.${source}`, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const src = obj(value) ?? {};
    const srcPath = `${path}.${source}`;
    switch (source) {
      case 'hostPath': {
        if (!str(src.path)) errs.push(fieldErrors.required(`${srcPath}.path`));
        const type = src.type;
        if (typeof type === 'string' && !HOST_PATH_TYPES.includes(type)) {
          errs.push(fieldErrors.notSupported(`${srcPath}.type`, type, HOST_PATH_TYPES));
        }
        break;
      }
      case 'secret':
        if (!str(src.secretName)) errs.push(fieldErrors.required(`${srcPath}.secretName`));
        errs.push(
          ...validateMode(src.defaultMode, `${srcPath}.defaultMode`),
          ...validateKeyToPaths(src.items, `${srcPath}.items`),
        );
        break;
      case 'configMap':
        if (!str(src.name)) errs.push(fieldErrors.required(`${srcPath}.name`));
        errs.push(
          ...validateMode(src.defaultMode, `${srcPath}.defaultMode`),
          ...validateKeyToPaths(src.items, `${srcPath}.items`),
        );
        break;
      case 'persistentVolumeClaim':
        if (!str(src.claimName)) errs.push(fieldErrors.required(`${srcPath}.claimName`));
        break;
      case 'nfs':
        if (!str(src.server)) errs.push(fieldErrors.required(`${srcPath}.server`));
        if (!str(src.path)) errs.push(fieldErrors.required(`${srcPath}.path`));
        else if (!str(src.path).startsWith('/'))
          errs.push(fieldErrors.invalid(`${srcPath}.path`, str(src.path), 'must be an absolute path'));
        break;
      case 'emptyDir': {
        const medium = src.medium;
        if (
          typeof medium === 'string' &&
          !['', 'Memory', 'HugePages'].includes(medium) &&
          !medium.startsWith('HugePages-')
        ) {
          errs.push(fieldErrors.notSupported(`${srcPath}.medium`, medium, ['', 'Memory', 'HugePages']));
        }
        break;
      }
      default:
        break;
    }
  }
  if (count === 0) errs.push(fieldErrors.required(path, 'must specify a volume type'));
  return errs;
}

/** validateVolumes is ValidateVolumes; it returns the names of the valid volumes for mount checks. */
function validateVolumes(volumes: unknown, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(volumes).forEach((volume, i) => {
    const volPath = `${path}[${i}]`;
    const name = str(volume.name);
    const el = validateVolumeSource(volume, volPath);
    if (!name) el.push(fieldErrors.required(`${volPath}.name`));
    else
      el.push(...validateDns1123Label(name).map((msg) => fieldErrors.invalid(`${volPath}.name`, name, msg)));
    if (names.has(name)) el.push(fieldErrors.duplicate(`${volPath}.name`, name));
    // Only valid volumes can be mounted: an invalid one also makes its mounts "Not found".
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { errs, names };
}

function validateContainers(
  containers: unknown,
  volumes: Set<string>,
  path: string,
  names: Set<string>,
): FieldError[] {
  const all = list(containers);
  if (all.length === 0) return [fieldErrors.required(path)];
  const errs: FieldError[] = [];
  all.forEach((container, i) => {
    const cPath = `${path}[${i}]`;
    errs.push(...validateContainerCommon(container, volumes, cPath));
    const name = str(container.name);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${cPath}.name`, name));
    else names.add(name);
    errs.push(...validateProbe(container.livenessProbe, `${cPath}.livenessProbe`, true));
    errs.push(...validateProbe(container.readinessProbe, `${cPath}.readinessProbe`, false));
    errs.push(...validateProbe(container.startupProbe, `${cPath}.startupProbe`, true));
    if (container.restartPolicy !== undefined && container.restartPolicy !== null) {
      errs.push(fieldErrors.forbidden(`${cPath}.restartPolicy`, 'may not be set for non-init containers'));
    }
  });
  return errs;
}

function validateInitContainers(
  containers: unknown,
  volumes: Set<string>,
  path: string,
  names: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  list(containers).forEach((container, i) => {
    const cPath = `${path}[${i}]`;
    errs.push(...validateContainerCommon(container, volumes, cPath));
    const name = str(container.name);
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${cPath}.name`, name));
    else names.add(name);
    const restartPolicy = container.restartPolicy;
    if (restartPolicy !== undefined && restartPolicy !== null && restartPolicy !== 'Always') {
      errs.push(fieldErrors.notSupported(`${cPath}.restartPolicy`, str(restartPolicy), ['Always']));
    }
    // Only restartable (sidecar) init containers may have probes.
    if (restartPolicy !== 'Always') {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (obj(container[probe]))
          errs.push(
            fieldErrors.forbidden(
              `${cPath}.${probe}`,
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
      }
    }
  });
  return errs;
}

function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(tolerations).forEach((t, i) => {
    const tPath = `${path}[${i}]`;
    const key = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    if (key)
      errs.push(...validateQualifiedName(key).map((msg) => fieldErrors.invalid(`${tPath}.key`, key, msg)));
    if (!key && operator !== 'Exists') {
      errs.push(
        fieldErrors.invalid(
          `${tPath}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (typeof t.tolerationSeconds === 'number' && str(t.effect) !== 'NoExecute') {
      errs.push(
        fieldErrors.invalid(
          `${tPath}.effect`,
          str(t.effect),
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === '' || operator === 'Equal') {
      const msgs = validateLabelValue(value);
      if (msgs.length) errs.push(fieldErrors.invalid(`${tPath}.operator`, value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value)
        errs.push(
          fieldErrors.invalid(`${tPath}.operator`, value, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(fieldErrors.notSupported(`${tPath}.operator`, operator, ['Equal', 'Exists']));
    }
    const effect = str(t.effect);
    if (effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
      errs.push(
        fieldErrors.notSupported(`${tPath}.effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      );
    }
  });
  return errs;
}

/**
 * validatePodSpec is ValidatePodSpec at `path` (`spec` or `spec.template.spec`). `extraVolumes` are names
 * that volume mounts may refer to besides `spec.volumes` (a StatefulSet's volumeClaimTemplates).
 */
export function validatePodSpec(
  spec: unknown,
  path: string,
  extraVolumes: Iterable<string> = [],
): FieldError[] {
  const s = obj(spec) ?? {};
  const { errs, names: volumes } = validateVolumes(s.volumes, `${path}.volumes`);
  for (const name of extraVolumes) volumes.add(name);
  const containerNames = new Set<string>();
  errs.push(...validateContainers(s.containers, volumes, `${path}.containers`, containerNames));
  errs.push(...validateInitContainers(s.initContainers, volumes, `${path}.initContainers`, containerNames));
  errs.push(
    ...validateEphemeralContainers(
      s.ephemeralContainers,
      volumes,
      `${path}.ephemeralContainers`,
      containerNames,
    ),
  );
  if (s.hostNetwork === true) {
    for (const key of ['containers', 'initContainers']) {
      list(s[key]).forEach((c, i) => {
        list(c.ports).forEach((port, j) => {
          if (
            typeof port.hostPort === 'number' &&
            port.hostPort !== 0 &&
            port.hostPort !== port.containerPort
          ) {
            errs.push(
              fieldErrors.invalid(
                `${path}.${key}[${i}].ports[${j}].hostPort`,
                port.hostPort,
                'must match `containerPort` when `hostNetwork` is true',
              ),
            );
          }
        });
      });
    }
  }
  const restartPolicy = str(s.restartPolicy);
  if (!restartPolicy) errs.push(fieldErrors.required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(restartPolicy))
    errs.push(fieldErrors.notSupported(`${path}.restartPolicy`, restartPolicy, RESTART_POLICIES));
  const dnsPolicy = str(s.dnsPolicy);
  if (!dnsPolicy) errs.push(fieldErrors.required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dnsPolicy))
    errs.push(fieldErrors.notSupported(`${path}.dnsPolicy`, dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  const serviceAccountName = str(s.serviceAccountName);
  if (serviceAccountName) {
    errs.push(
      ...nameIsDnsSubdomain(serviceAccountName, false).map((msg) =>
        fieldErrors.invalid(`${path}.serviceAccountName`, serviceAccountName, msg),
      ),
    );
  }
  const nodeName = str(s.nodeName);
  if (nodeName)
    errs.push(
      ...nameIsDnsSubdomain(nodeName, false).map((msg) =>
        fieldErrors.invalid(`${path}.nodeName`, nodeName, msg),
      ),
    );
  if (
    typeof s.activeDeadlineSeconds === 'number' &&
    (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)
  ) {
    errs.push(
      fieldErrors.invalid(
        `${path}.activeDeadlineSeconds`,
        s.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }
  for (const key of ['hostname', 'subdomain']) {
    const value = str(s[key]);
    if (value)
      errs.push(
        ...validateDns1123Label(value).map((msg) => fieldErrors.invalid(`${path}.${key}`, value, msg)),
      );
  }
  errs.push(...validateTolerations(s.tolerations, `${path}.tolerations`));
  return errs;
}

/**
 * validatePodTemplateSpec is ValidatePodTemplateSpec (labels are reported at `<path>.labels`, as upstream);
 * `extraVolumes` is passed to validatePodSpec.
 */
export function validatePodTemplateSpec(
  template: unknown,
  path: string,
  extraVolumes: Iterable<string> = [],
): FieldError[] {
  const t = obj(template) ?? {};
  const metadata = obj(t.metadata) ?? {};
  const errs = [
    ...validateLabels(metadata.labels, `${path}.labels`),
    ...validateAnnotations(metadata.annotations, `${path}.annotations`),
    ...validatePodSpec(t.spec, `${path}.spec`, extraVolumes),
  ];
  if (list(obj(t.spec)?.ephemeralContainers).length > 0) {
    errs.push(
      fieldErrors.forbidden(
        `${path}.spec.ephemeralContainers`,
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}

/** validatePod is validatePodMetadataAndSpec: what every write of a Pod must satisfy. */
export function validatePod(pod: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }),
    ...validatePodSpec(pod.spec, 'spec'),
  ];
}

/**
 * validatePodCreate is ValidatePodCreate: ephemeral containers can only be added later, through the
 * `ephemeralcontainers` subresource.
 */
export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = validatePod(pod);
  if (list(obj(pod.spec)?.ephemeralContainers).length > 0)
    errs.push(fieldErrors.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}
