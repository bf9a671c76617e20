/**
 * Service validation (ValidateService and ValidateServiceUpdate): ports, protocols, names, types,
 * session affinity, selector labels, ExternalName, and the nodePort range check the allocator does.
 */
import type { FieldError } from '../../machinery/errors';
import { GoLiteral, fieldErrors, goQuote, goStringSliceLiteral } from '../../machinery/field-errors';
import {
  nameIsDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validatePortNumber,
} from '../../machinery/names';
import type { KubeObject } from '../object';
import { list, num, obj, str } from './helpers';
import { validateLabels, validateObjectMeta } from './meta';
import { SUPPORTED_PORT_PROTOCOLS, validatePortNumOrName } from './pod';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];

function servicePortLiteral(protocol: string, port: number): GoLiteral {
  return new GoLiteral(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

/** validateService is ValidateService (create). */
export function validateService(svc: KubeObject): FieldError[] {
  const spec = obj(svc.spec) ?? {};
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameFn: nameIsDns1035Label });
  const ports = list(spec.ports);
  const type = str(spec.type);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    errs.push(fieldErrors.required('spec.ports'));
  if (type === 'ExternalName') {
    if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) {
      errs.push(fieldErrors.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    }
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname)
      errs.push(
        ...validateDns1123Subdomain(cname).map((msg) => fieldErrors.invalid('spec.externalName', cname, msg)),
      );
    else errs.push(fieldErrors.required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = `spec.ports[${i}]`;
    const name = str(port.name);
    if (ports.length > 1 && !name) errs.push(fieldErrors.required(`${path}.name`));
    else if (name) {
      errs.push(...validateDns1123Label(name).map((msg) => fieldErrors.invalid(`${path}.name`, name, msg)));
      if (names.has(name)) errs.push(fieldErrors.duplicate(`${path}.name`, name));
      else names.add(name);
    }
    const portNumber = num(port.port);
    errs.push(
      ...validatePortNumber(portNumber).map((msg) => fieldErrors.invalid(`${path}.port`, portNumber, msg)),
    );
    const protocol = str(port.protocol);
    if (!protocol) errs.push(fieldErrors.required(`${path}.protocol`));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) {
      errs.push(fieldErrors.notSupported(`${path}.protocol`, protocol, SUPPORTED_PORT_PROTOCOLS));
    }
    errs.push(...validatePortNumOrName(port.targetPort, `${path}.targetPort`));
  });
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(fieldErrors.required('spec.sessionAffinity'));
  else if (!SESSION_AFFINITIES.includes(affinity))
    errs.push(fieldErrors.notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES));
  if (!type) errs.push(fieldErrors.required('spec.type'));
  else if (!SERVICE_TYPES.includes(type))
    errs.push(fieldErrors.notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (num(port.nodePort) !== 0) {
        errs.push(
          fieldErrors.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (num(port.nodePort) === 0) return;
    const key = `${str(port.protocol)}/${num(port.nodePort)}`;
    if (nodePorts.has(key)) errs.push(fieldErrors.duplicate(`spec.ports[${i}].nodePort`, num(port.nodePort)));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const key = `${str(port.protocol)}/${num(port.port)}`;
    if (seen.has(key))
      errs.push(
        fieldErrors.duplicate(`spec.ports[${i}]`, servicePortLiteral(str(port.protocol), num(port.port))),
      );
    seen.add(key);
  });
  return errs;
}

function clusterIPsOf(spec: Record<string, unknown>): string[] {
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) return spec.clusterIPs.map(String);
  return str(spec.clusterIP) ? [str(spec.clusterIP)] : [];
}

/**
 * validateServiceUpdate is validateUpgradeDowngradeClusterIPs: allocated cluster IPs may not change
 * (`spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set`). Like the
 * real registry, which copies allocated values into an update that omits them before validating, an
 * update without any cluster IP keeps the old ones and is accepted.
 */
export function validateServiceUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const n = obj(next.spec) ?? {};
  const o = obj(old.spec) ?? {};
  if (str(n.type) === 'ExternalName' || str(o.type) === 'ExternalName') return [];
  const oldIPs = clusterIPsOf(o);
  const newIPs = clusterIPsOf(n);
  if (newIPs.length === 0 || (oldIPs[0] === 'None' && newIPs[0] === 'None')) return [];
  const literal = goStringSliceLiteral(newIPs);
  const errs: FieldError[] = [];
  oldIPs.forEach((ip, i) => {
    if (i < newIPs.length && newIPs[i] !== ip)
      errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, literal, 'may not change once set'));
  });
  return errs;
}

/**
 * nodePortRangeError is the allocator's message for a nodePort outside the range, for the registry:
 * `spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of
 * valid ports is 30000-32767`.
 */
export function nodePortRangeError(index: number, port: number, range: [number, number]): FieldError {
  return fieldErrors.invalid(
    `spec.ports[${index}].nodePort`,
    port,
    `provided port is not in the valid range. The range of valid ports is ${range[0]}-${range[1]}`,
  );
}

/** nodePortAllocatedError is the allocator's message for a nodePort already in use. */
export function nodePortAllocatedError(index: number, port: number): FieldError {
  return fieldErrors.invalid(`spec.ports[${index}].nodePort`, port, 'provided port is already allocated');
}
