/**
 * Defaulting of the kinds outside core/v1 and the workload groups: HorizontalPodAutoscaler (v2 and v1),
 * NetworkPolicy, StorageClass, RBAC bindings, PriorityClass and EndpointSlice.
 */
import { child, existing, objects, setDefault, setDefaultPointer, type JsonObject } from './util';

interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: string;
  policies: JsonObject[];
}

const SCALE_UP: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN: ScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** defaultScalingRules is GenerateHPAScaleUpRules / GenerateHPAScaleDownRules. */
function defaultScalingRules(behavior: JsonObject, key: string, defaults: ScalingRules): void {
  const rules = child(behavior, key);
  if (!Array.isArray(rules.policies) || rules.policies.length === 0) {
    rules.policies = defaults.policies.map((p) => ({ ...p }));
  }
  setDefaultPointer(rules, 'stabilizationWindowSeconds', defaults.stabilizationWindowSeconds);
  setDefault(rules, 'selectPolicy', defaults.selectPolicy);
}

/** defaultHpaV2 is autoscaling/v2 SetDefaults_HorizontalPodAutoscaler (+ behavior when present). */
export function defaultHpaV2(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefaultPointer(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  const behavior = existing(spec, 'behavior');
  if (behavior) {
    defaultScalingRules(behavior, 'scaleUp', SCALE_UP);
    defaultScalingRules(behavior, 'scaleDown', SCALE_DOWN);
  }
}

/** defaultHpaV1 is autoscaling/v1 SetDefaults_HorizontalPodAutoscaler (the CPU target stays unset). */
export function defaultHpaV1(obj: JsonObject): void {
  setDefaultPointer(child(obj, 'spec'), 'minReplicas', 1);
}

/** defaultNetworkPolicy is SetDefaults_NetworkPolicy: port protocols and the derived policyTypes. */
export function defaultNetworkPolicy(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  for (const direction of ['ingress', 'egress']) {
    for (const rule of objects(spec, direction)) {
      for (const port of objects(rule, 'ports')) setDefault(port, 'protocol', 'TCP');
    }
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    // Every policy implies Ingress; Egress only when egress rules are present.
    spec.policyTypes =
      Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** defaultStorageClass is SetDefaults_StorageClass. */
export function defaultStorageClass(obj: JsonObject): void {
  setDefault(obj, 'reclaimPolicy', 'Delete');
  setDefault(obj, 'volumeBindingMode', 'Immediate');
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** defaultRoleBinding is SetDefaults_RoleBinding/ClusterRoleBinding plus SetDefaults_Subject. */
export function defaultRoleBinding(obj: JsonObject): void {
  const roleRef = existing(obj, 'roleRef');
  if (roleRef) setDefault(roleRef, 'apiGroup', RBAC_GROUP);
  for (const subject of objects(obj, 'subjects')) {
    if (subject.kind === 'User' || subject.kind === 'Group') setDefault(subject, 'apiGroup', RBAC_GROUP);
  }
}

/** defaultPriorityClass is SetDefaults_PriorityClass. */
export function defaultPriorityClass(obj: JsonObject): void {
  setDefault(obj, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** defaultEndpointSlice is SetDefaults_EndpointPort for every port. */
export function defaultEndpointSlice(obj: JsonObject): void {
  for (const port of objects(obj, 'ports')) {
    setDefaultPointer(port, 'name', '');
    setDefaultPointer(port, 'protocol', 'TCP');
  }
}
