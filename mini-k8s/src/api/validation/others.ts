/**
 * Validation of RBAC objects, HorizontalPodAutoscalers, Ingresses, NetworkPolicies and
 * PodDisruptionBudgets, with upstream field paths and messages.
 */
import type { FieldError } from '../../machinery/errors';
import { GoLiteral, fieldErrors, goQuote } from '../../machinery/field-errors';
import {
  nameIsDns1035Label,
  nameIsDnsSubdomain,
  nameIsPathSegment,
  validateDns1123Subdomain,
  validatePathSegmentName,
  validatePortName,
  validatePortNumber,
} from '../../machinery/names';
import type { KubeObject } from '../object';
import { list, num, obj, str, validateNonnegative, type Json } from './helpers';
import { validateLabelSelector, validateObjectMeta } from './meta';
import { SUPPORTED_PORT_PROTOCOLS } from './pod';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validatePolicyRules(rules: unknown, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  list(rules).forEach((rule, i) => {
    const path = `rules[${i}]`;
    const arr = (key: string): unknown[] => (Array.isArray(rule[key]) ? (rule[key] as unknown[]) : []);
    if (arr('verbs').length === 0)
      errs.push(fieldErrors.required(`${path}.verbs`, 'verbs must contain at least one value'));
    if (arr('nonResourceURLs').length > 0) {
      const urls = new GoLiteral(
        `[]string{${arr('nonResourceURLs')
          .map((u) => goQuote(String(u)))
          .join(', ')}}`,
      );
      if (namespaced)
        errs.push(
          fieldErrors.invalid(
            `${path}.nonResourceURLs`,
            urls,
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      if (arr('apiGroups').length > 0 || arr('resources').length > 0 || arr('resourceNames').length > 0) {
        errs.push(
          fieldErrors.invalid(
            `${path}.nonResourceURLs`,
            urls,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      }
      return;
    }
    if (arr('apiGroups').length === 0)
      errs.push(
        fieldErrors.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'),
      );
    if (arr('resources').length === 0)
      errs.push(
        fieldErrors.required(`${path}.resources`, 'resource rules must supply at least one resource'),
      );
  });
  return errs;
}

/** validateRole is ValidateRole / ValidateClusterRole. */
export function validateRole(role: KubeObject, namespaced: boolean): FieldError[] {
  return [
    ...validateObjectMeta(role.metadata, { namespaced, nameFn: nameIsPathSegment }),
    ...validatePolicyRules(role.rules, namespaced),
  ];
}

/** validateRoleBinding is ValidateRoleBinding / ValidateClusterRoleBinding. */
export function validateRoleBinding(binding: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(binding.metadata, { namespaced, nameFn: nameIsPathSegment });
  const roleRef = obj(binding.roleRef) ?? {};
  if (str(roleRef.apiGroup) !== RBAC_GROUP)
    errs.push(fieldErrors.notSupported('roleRef.apiGroup', str(roleRef.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(roleRef.kind)))
    errs.push(fieldErrors.notSupported('roleRef.kind', str(roleRef.kind), kinds));
  const name = str(roleRef.name);
  if (!name) errs.push(fieldErrors.required('roleRef.name'));
  else
    errs.push(...validatePathSegmentName(name).map((msg) => fieldErrors.invalid('roleRef.name', name, msg)));
  list(binding.subjects).forEach((subject, i) => {
    const path = `subjects[${i}]`;
    const subjectName = str(subject.name);
    if (!subjectName) errs.push(fieldErrors.required(`${path}.name`));
    const apiGroup = str(subject.apiGroup);
    switch (str(subject.kind)) {
      case 'ServiceAccount':
        if (subjectName)
          errs.push(
            ...nameIsDnsSubdomain(subjectName, false).map((msg) =>
              fieldErrors.invalid(`${path}.name`, subjectName, msg),
            ),
          );
        if (apiGroup) errs.push(fieldErrors.notSupported(`${path}.apiGroup`, apiGroup, ['']));
        if (!namespaced && !str(subject.namespace)) errs.push(fieldErrors.required(`${path}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (apiGroup !== RBAC_GROUP)
          errs.push(fieldErrors.notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
        break;
      default:
        errs.push(
          fieldErrors.notSupported(`${path}.kind`, str(subject.kind), ['ServiceAccount', 'User', 'Group']),
        );
    }
  });
  return errs;
}

/** validateRoleBindingUpdate: roleRef may not change (`cannot change roleRef`). */
export function validateRoleBindingUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const n = obj(next.roleRef) ?? {};
  const o = obj(old.roleRef) ?? {};
  if (str(n.apiGroup) === str(o.apiGroup) && str(n.kind) === str(o.kind) && str(n.name) === str(o.name))
    return [];
  const literal = new GoLiteral(
    `rbac.RoleRef{APIGroup:${goQuote(str(n.apiGroup))}, Kind:${goQuote(str(n.kind))}, Name:${goQuote(str(n.name))}}`,
  );
  return [fieldErrors.invalid('roleRef', literal, 'cannot change roleRef')];
}

/** validateHpa is ValidateHorizontalPodAutoscaler (v1 and v2 share these rules). */
export function validateHpa(hpa: KubeObject): FieldError[] {
  const spec = obj(hpa.spec) ?? {};
  const errs = validateObjectMeta(hpa.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) {
    errs.push(
      fieldErrors.invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'),
    );
  }
  const max = num(spec.maxReplicas);
  if (max < 1) errs.push(fieldErrors.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof spec.minReplicas === 'number' && max < spec.minReplicas) {
    errs.push(fieldErrors.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  }
  const ref = obj(spec.scaleTargetRef) ?? {};
  for (const key of ['kind', 'name']) {
    const value = str(ref[key]);
    if (!value) errs.push(fieldErrors.required(`spec.scaleTargetRef.${key}`));
    else
      errs.push(
        ...validatePathSegmentName(value).map((msg) =>
          fieldErrors.invalid(`spec.scaleTargetRef.${key}`, value, msg),
        ),
      );
  }
  if (typeof spec.targetCPUUtilizationPercentage === 'number' && spec.targetCPUUtilizationPercentage < 1) {
    errs.push(
      fieldErrors.invalid(
        'spec.targetCPUUtilizationPercentage',
        spec.targetCPUUtilizationPercentage,
        'must be greater than 0',
      ),
    );
  }
  list(spec.metrics).forEach((metric, i) => {
    const target = obj(obj(metric.resource)?.target);
    if (!target) return;
    const path = `spec.metrics[${i}].resource.target`;
    if (
      target.type === 'Utilization' &&
      typeof target.averageUtilization === 'number' &&
      target.averageUtilization <= 0
    ) {
      errs.push(
        fieldErrors.invalid(
          `${path}.averageUtilization`,
          target.averageUtilization,
          'must be greater than 0',
        ),
      );
    }
  });
  return errs;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateIngressBackend(backend: Json | undefined, path: string): FieldError[] {
  if (!backend) return [fieldErrors.invalid(path, '', 'resource or service backend is required')];
  const service = obj(backend.service);
  const resource = obj(backend.resource);
  if (service && resource)
    return [fieldErrors.invalid(path, '', 'cannot set both resource and service backends')];
  if (resource) return [];
  if (!service) return [fieldErrors.invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = str(service.name);
  if (!name) errs.push(fieldErrors.required(`${path}.service.name`));
  else
    errs.push(
      ...nameIsDns1035Label(name, false).map((msg) => fieldErrors.invalid(`${path}.service.name`, name, msg)),
    );
  const port = obj(service.port) ?? {};
  const portName = str(port.name);
  const portNumber = num(port.number);
  if (portName && portNumber)
    errs.push(fieldErrors.invalid(path, '', 'cannot set both port name & port number'));
  else if (portName)
    errs.push(
      ...validatePortName(portName).map((msg) =>
        fieldErrors.invalid(`${path}.service.port.name`, portName, msg),
      ),
    );
  else if (portNumber)
    errs.push(
      ...validatePortNumber(portNumber).map((msg) =>
        fieldErrors.invalid(`${path}.service.port.number`, portNumber, msg),
      ),
    );
  else errs.push(fieldErrors.required(path, 'port name or number is required'));
  return errs;
}

/** validateIngress is ValidateIngressCreate for networking.k8s.io/v1. */
export function validateIngress(ingress: KubeObject): FieldError[] {
  const spec = obj(ingress.spec) ?? {};
  const errs = validateObjectMeta(ingress.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const rules = list(spec.rules);
  if (rules.length === 0 && !obj(spec.defaultBackend)) {
    errs.push(fieldErrors.invalid('spec.rules', '', 'either `defaultBackend` or `rules` must be specified'));
  }
  if (obj(spec.defaultBackend))
    errs.push(...validateIngressBackend(obj(spec.defaultBackend), 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const rulePath = `spec.rules[${i}]`;
    const host = str(rule.host);
    if (host) {
      const checked = host.startsWith('*.') ? host.slice(2) : host;
      errs.push(
        ...validateDns1123Subdomain(checked).map((msg) => fieldErrors.invalid(`${rulePath}.host`, host, msg)),
      );
    }
    const http = obj(rule.http);
    if (!http) return;
    const paths = list(http.paths);
    if (paths.length === 0) errs.push(fieldErrors.required(`${rulePath}.http.paths`));
    paths.forEach((p, j) => {
      const pPath = `${rulePath}.http.paths[${j}]`;
      const pathType = p.pathType;
      if (pathType === undefined || pathType === null)
        errs.push(fieldErrors.required(`${pPath}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(str(pathType)))
        errs.push(fieldErrors.notSupported(`${pPath}.pathType`, str(pathType), PATH_TYPES));
      else if ((pathType === 'Exact' || pathType === 'Prefix') && !str(p.path).startsWith('/')) {
        errs.push(fieldErrors.invalid(`${pPath}.path`, str(p.path), 'must be an absolute path'));
      }
      errs.push(...validateIngressBackend(obj(p.backend), `${pPath}.backend`));
    });
  });
  return errs;
}

/** validateNetworkPolicy covers the selectors, policy types and ports of a NetworkPolicy. */
export function validateNetworkPolicy(np: KubeObject): FieldError[] {
  const spec = obj(np.spec) ?? {};
  const errs = validateObjectMeta(np.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  errs.push(...validateLabelSelector(spec.podSelector, 'spec.podSelector'));
  for (const direction of ['ingress', 'egress']) {
    list(spec[direction]).forEach((rule, i) => {
      list(rule.ports).forEach((port, j) => {
        const path = `spec.${direction}[${i}].ports[${j}]`;
        const protocol = str(port.protocol);
        if (protocol && !SUPPORTED_PORT_PROTOCOLS.includes(protocol)) {
          errs.push(fieldErrors.notSupported(`${path}.protocol`, protocol, SUPPORTED_PORT_PROTOCOLS));
        }
        if (typeof port.port === 'number') {
          errs.push(
            ...validatePortNumber(port.port).map((msg) =>
              fieldErrors.invalid(`${path}.port`, port.port as number, msg),
            ),
          );
        } else if (typeof port.port === 'string') {
          errs.push(
            ...validatePortName(port.port).map((msg) =>
              fieldErrors.invalid(`${path}.port`, port.port as string, msg),
            ),
          );
        }
      });
      const peers = direction === 'ingress' ? list(rule.from) : list(rule.to);
      peers.forEach((peer, j) => {
        const path = `spec.${direction}[${i}].${direction === 'ingress' ? 'from' : 'to'}[${j}]`;
        const count = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => obj(peer[k])).length;
        if (count === 0) errs.push(fieldErrors.required(path, 'must specify a peer'));
        errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
        errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
      });
    });
  }
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes.map(String) : [];
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      errs.push(fieldErrors.notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  });
  return errs;
}

/** validatePodDisruptionBudget checks minAvailable/maxUnavailable and the selector. */
export function validatePodDisruptionBudget(pdb: KubeObject): FieldError[] {
  const spec = obj(pdb.spec) ?? {};
  const errs = validateObjectMeta(pdb.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const present = (v: unknown): boolean => v !== undefined && v !== null;
  if (present(spec.minAvailable) && present(spec.maxUnavailable)) {
    errs.push(
      fieldErrors.invalid('spec', JSON.stringify(spec), 'minAvailable and maxUnavailable cannot be both set'),
    );
  }
  for (const key of ['minAvailable', 'maxUnavailable']) {
    const value = spec[key];
    if (typeof value === 'number') errs.push(...validateNonnegative(value, `spec.${key}`));
    else if (typeof value === 'string' && !/^[0-9]+%$/.test(value)) {
      errs.push(
        fieldErrors.invalid(
          `spec.${key}`,
          value,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      );
    } else if (typeof value === 'string' && Number.parseInt(value, 10) > 100) {
      errs.push(fieldErrors.invalid(`spec.${key}`, value, 'must not be greater than 100%'));
    }
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  return errs;
}
