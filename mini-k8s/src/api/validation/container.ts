/**
 * Container validation shared by every container type (validateContainerCommon and its helpers):
 * name, image, ports, env, volume mounts, pull policy, resources and probes.
 */
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import {
  validateConfigMapKey,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateEnvVarName,
  validatePortName,
  validatePortNumber,
  validateQualifiedName,
} from '../../machinery/names';
import { Quantity, QuantityError } from '../../machinery/quantity';
import { list, obj, str, validateNonnegative, type Json } from './helpers';

export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

/** validatePortNumOrName is ValidatePortNumOrName (probes, service targetPort). */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number')
    return validatePortNumber(port).map((msg) => fieldErrors.invalid(path, port, msg));
  if (typeof port === 'string')
    return validatePortName(port).map((msg) => fieldErrors.invalid(path, port, msg));
  return validatePortNumber(0).map((msg) => fieldErrors.invalid(path, 0, msg));
}

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((port, i) => {
    const portPath = `${path}[${i}]`;
    const name = str(port.name);
    if (name) {
      const msgs = validatePortName(name);
      if (msgs.length) errs.push(...msgs.map((msg) => fieldErrors.invalid(`${portPath}.name`, name, msg)));
      else if (names.has(name)) errs.push(fieldErrors.duplicate(`${portPath}.name`, name));
      else names.add(name);
    }
    const containerPort = port.containerPort;
    if (containerPort === undefined || containerPort === null || containerPort === 0) {
      errs.push(fieldErrors.required(`${portPath}.containerPort`));
    } else {
      const n = Number(containerPort);
      errs.push(
        ...validatePortNumber(n).map((msg) => fieldErrors.invalid(`${portPath}.containerPort`, n, msg)),
      );
    }
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
      errs.push(
        ...validatePortNumber(port.hostPort).map((msg) =>
          fieldErrors.invalid(`${portPath}.hostPort`, port.hostPort as number, msg),
        ),
      );
    }
    const protocol = str(port.protocol);
    if (!protocol) errs.push(fieldErrors.required(`${portPath}.protocol`));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) {
      errs.push(fieldErrors.notSupported(`${portPath}.protocol`, protocol, SUPPORTED_PORT_PROTOCOLS));
    }
  });
  return errs;
}

function validateKeySelector(ref: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const key = str(ref.key);
  if (!key) errs.push(fieldErrors.required(`${path}.key`));
  else errs.push(...validateConfigMapKey(key).map((msg) => fieldErrors.invalid(`${path}.key`, key, msg)));
  const name = str(ref.name);
  if (!name) errs.push(fieldErrors.required(`${path}.name`));
  else
    errs.push(...validateDns1123Subdomain(name).map((msg) => fieldErrors.invalid(`${path}.name`, name, msg)));
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(env).forEach((ev, i) => {
    const evPath = `${path}[${i}]`;
    const name = str(ev.name);
    if (!name) errs.push(fieldErrors.required(`${evPath}.name`));
    else
      errs.push(...validateEnvVarName(name).map((msg) => fieldErrors.invalid(`${evPath}.name`, name, msg)));
    const valueFrom = obj(ev.valueFrom);
    if (!valueFrom) return;
    const fromPath = `${evPath}.valueFrom`;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) =>
      obj(valueFrom[k]),
    );
    for (const source of sources) {
      const ref = obj(valueFrom[source]) ?? {};
      if (source === 'fieldRef' && !str(ref.fieldPath))
        errs.push(fieldErrors.required(`${fromPath}.fieldRef.fieldPath`));
      if (source === 'resourceFieldRef' && !str(ref.resource))
        errs.push(fieldErrors.required(`${fromPath}.resourceFieldRef.resource`));
      if (source === 'configMapKeyRef' || source === 'secretKeyRef')
        errs.push(...validateKeySelector(ref, `${fromPath}.${source}`));
    }
    if (sources.length === 0) {
      errs.push(
        fieldErrors.invalid(
          fromPath,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    } else if (str(ev.value) !== '') {
      errs.push(fieldErrors.invalid(fromPath, '', 'may not be specified when `value` is not empty'));
    } else if (sources.length > 1) {
      errs.push(fieldErrors.invalid(fromPath, '', 'may not have more than one field specified at a time'));
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  list(mounts).forEach((mount, i) => {
    const mountPath = `${path}[${i}]`;
    const name = str(mount.name);
    if (!name) errs.push(fieldErrors.required(`${mountPath}.name`));
    if (!volumes.has(name)) errs.push(fieldErrors.notFound(`${mountPath}.name`, name));
    const target = str(mount.mountPath);
    if (!target) errs.push(fieldErrors.required(`${mountPath}.mountPath`));
    if (mountPoints.has(target))
      errs.push(fieldErrors.invalid(`${mountPath}.mountPath`, target, 'must be unique'));
    mountPoints.add(target);
    const subPath = str(mount.subPath);
    if (subPath.startsWith('/'))
      errs.push(fieldErrors.invalid(`${mountPath}.subPath`, subPath, 'must be a relative path'));
    else if (subPath.split('/').includes('..'))
      errs.push(fieldErrors.invalid(`${mountPath}.subPath`, subPath, "must not contain '..'"));
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function parseResource(value: unknown, path: string, errs: FieldError[]): Quantity | undefined {
  try {
    return Quantity.parse(value as string);
  } catch (err) {
    // The real API server rejects this while decoding; here it is reported at its field.
    if (err instanceof QuantityError) errs.push(fieldErrors.invalid(path, String(value), err.message));
    return undefined;
  }
}

/** validateResourceName checks a ResourceList key for containers (validateContainerResourceName). */
function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateQualifiedName(name).map((msg) => fieldErrors.invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      errs.push(fieldErrors.invalid(path, name, 'must be a standard resource for containers'));
    }
  }
  return errs;
}

/** validateResourceRequirements is ValidateResourceRequirements: names, quantities, requests <= limits. */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const res = obj(resources) ?? {};
  const errs: FieldError[] = [];
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  const parsedLimits = new Map<string, Quantity>();
  for (const name of Object.keys(limits).sort()) {
    const keyPath = `${path}.limits[${name}]`;
    errs.push(...validateContainerResourceName(name, keyPath));
    const q = parseResource(limits[name], keyPath, errs);
    if (!q) continue;
    if (q.sign() < 0)
      errs.push(fieldErrors.invalid(keyPath, q.toString(), 'must be greater than or equal to 0'));
    parsedLimits.set(name, q);
  }
  for (const name of Object.keys(requests).sort()) {
    const keyPath = `${path}.requests[${name}]`;
    errs.push(...validateContainerResourceName(name, keyPath));
    const q = parseResource(requests[name], keyPath, errs);
    if (!q) continue;
    if (q.sign() < 0)
      errs.push(fieldErrors.invalid(keyPath, q.toString(), 'must be greater than or equal to 0'));
    const limit = parsedLimits.get(name);
    // IsOvercommitAllowed: native resources (no domain, or a kubernetes.io domain) except huge pages.
    const overcommitAllowed =
      !name.startsWith('hugepages-') && (!name.includes('/') || name.includes('kubernetes.io/'));
    if (limit) {
      if (q.cmp(limit) !== 0 && !overcommitAllowed) {
        errs.push(
          fieldErrors.invalid(
            `${path}.requests`,
            q.toString(),
            `must be equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      } else if (q.cmp(limit) > 0) {
        errs.push(
          fieldErrors.invalid(
            `${path}.requests`,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!overcommitAllowed) {
      errs.push(fieldErrors.required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

function validateHandler(handler: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    const action = obj(handler[kind]);
    if (!action) continue;
    const actionPath = `${path}.${kind}`;
    if (count > 0) {
      errs.push(fieldErrors.forbidden(actionPath, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    if (kind === 'exec' && (!Array.isArray(action.command) || action.command.length === 0)) {
      errs.push(fieldErrors.required(`${actionPath}.command`));
    }
    if (kind === 'httpGet') {
      if (!str(action.path)) errs.push(fieldErrors.required(`${actionPath}.path`));
      errs.push(...validatePortNumOrName(action.port, `${actionPath}.port`));
      const scheme = str(action.scheme);
      if (scheme && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        errs.push(fieldErrors.notSupported(`${actionPath}.scheme`, scheme, ['HTTP', 'HTTPS']));
      }
    }
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(action.port, `${actionPath}.port`));
    if (kind === 'grpc') {
      const port = typeof action.port === 'number' ? action.port : 0;
      errs.push(
        ...validatePortNumber(port).map((msg) => fieldErrors.invalid(`${actionPath}.port`, port, msg)),
      );
    }
  }
  if (count === 0) errs.push(fieldErrors.required(path, 'must specify a handler type'));
  return errs;
}

export function validateProbe(probe: unknown, path: string, successMustBeOne: boolean): FieldError[] {
  const p = obj(probe);
  if (!p) return [];
  const errs = validateHandler(p, path);
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    errs.push(...validateNonnegative(p[key], `${path}.${key}`));
  }
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    errs.push(
      fieldErrors.invalid(
        `${path}.terminationGracePeriodSeconds`,
        p.terminationGracePeriodSeconds,
        'must be greater than 0',
      ),
    );
  }
  if (successMustBeOne && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    errs.push(fieldErrors.invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  return errs;
}

/** validateContainerCommon covers what every container type shares (validateContainerCommon). */
export function validateContainerCommon(container: Json, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(container.name);
  if (!name) errs.push(fieldErrors.required(`${path}.name`));
  else errs.push(...validateDns1123Label(name).map((msg) => fieldErrors.invalid(`${path}.name`, name, msg)));
  if (!str(container.image)) errs.push(fieldErrors.required(`${path}.image`));
  const tmp = str(container.terminationMessagePolicy);
  if (!tmp) errs.push(fieldErrors.required(`${path}.terminationMessagePolicy`));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push(
      fieldErrors.notSupported(`${path}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES),
    );
  }
  errs.push(...validateContainerPorts(container.ports, `${path}.ports`));
  errs.push(...validateEnv(container.env, `${path}.env`));
  errs.push(...validateVolumeMounts(container.volumeMounts, volumes, `${path}.volumeMounts`));
  const pull = str(container.imagePullPolicy);
  if (!pull) errs.push(fieldErrors.required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(pull))
    errs.push(fieldErrors.notSupported(`${path}.imagePullPolicy`, pull, PULL_POLICIES));
  errs.push(...validateResourceRequirements(container.resources, `${path}.resources`));
  return errs;
}
