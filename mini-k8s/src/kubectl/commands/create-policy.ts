/**
 * The policy generators of `kubectl create`: quota (ResourceQuota), priorityclass and poddisruptionbudget,
 * with kubectl 1.32's parsing (`--hard` quantities, `--scopes`, `--selector` as metav1.ParseToLabelSelector,
 * `--min-available`/`--max-unavailable` as intstr) and error texts.
 */
import type { KubeObject } from '../../api/object';
import { parseLabelSelector } from '../../machinery/labels';
import { parseQuantity } from '../../machinery/quantity';
import { type Generator, meta, requireName } from './create-generators';
import { ordered, typedObject } from './create-typed';

/** intOrString is intstr.Parse: an integer when the text is one, else the string. */
function intOrString(text: string): number | string {
  return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** hardLimits is populateResourceListV1 (`cpu=1,memory=1Gi`), with canonical quantities. */
function hardLimits(spec: string): Record<string, string> | undefined {
  if (spec === '') return undefined;
  const result: Record<string, string> = {};
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2) {
      throw new Error(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    }
    result[parts[0]] = parseQuantity(parts[1]).toString();
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function scopes(spec: string): string[] | undefined {
  if (spec === '') return undefined;
  return spec.split(',').map((scope) => {
    if (scope === '') throw new Error('invalid resource quota scope ""');
    return scope;
  });
}

/** toLabelSelector is metav1.ParseToLabelSelector: equalities become matchLabels, the rest expressions. */
function toLabelSelector(text: string): Record<string, unknown> {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  let requirements;
  try {
    requirements = parseLabelSelector(text).requirements;
  } catch (err) {
    // The parser's error is kubectl's own (client-side), not a server answer.
    throw new Error(err instanceof Error ? err.message : String(err), { cause: err });
  }
  for (const req of requirements) {
    const values = [...req.values].sort();
    switch (req.operator) {
      case '=':
      case '==':
        matchLabels[req.key] = values[0];
        continue;
      case 'in':
        matchExpressions.push({ key: req.key, operator: 'In', values });
        continue;
      case 'notin':
        matchExpressions.push({ key: req.key, operator: 'NotIn', values });
        continue;
      case 'exists':
        matchExpressions.push({ key: req.key, operator: 'Exists' });
        continue;
      case '!':
        matchExpressions.push({ key: req.key, operator: 'DoesNotExist' });
        continue;
      case 'gt':
      case 'lt':
        throw new Error(`"${req.operator}" isn't supported in label selectors`);
      default:
        throw new Error(`"${req.operator}" is not a valid label selector operator`);
    }
  }
  const selector: Record<string, unknown> = {};
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (matchExpressions.length > 0) selector.matchExpressions = matchExpressions;
  return selector;
}

export const POLICY_GENERATORS: Generator[] = [
  {
    name: 'quota',
    aliases: ['resourcequota'],
    flags: [
      { name: 'hard', type: 'string' },
      { name: 'scopes', type: 'string' },
    ],
    createErrorPrefix: 'failed to create quota: ',
    async build(ctx, flags, args) {
      const name = requireName(args);
      const spec: Record<string, unknown> = {};
      const hard = hardLimits(flags.str('hard'));
      if (hard) spec.hard = hard;
      const list = scopes(flags.str('scopes'));
      if (list) spec.scopes = list;
      return {
        kind: 'ResourceQuota',
        apiVersion: 'v1',
        metadata: meta(ctx, name),
        spec,
        status: {},
      } as unknown as KubeObject;
    },
  },
  {
    name: 'priorityclass',
    aliases: ['pc'],
    flags: [
      { name: 'value', type: 'int', default: 0 },
      { name: 'global-default', type: 'bool' },
      { name: 'description', type: 'string' },
      { name: 'preemption-policy', type: 'string', default: 'PreemptLowerPriority' },
    ],
    createErrorPrefix: 'failed to create priorityclass: ',
    async build(_ctx, flags, args) {
      const name = requireName(args);
      const obj: Record<string, unknown> = {
        kind: 'PriorityClass',
        apiVersion: 'scheduling.k8s.io/v1',
        metadata: { name, creationTimestamp: null },
        value: flags.int('value'),
      };
      if (flags.bool('global-default')) obj.globalDefault = true;
      if (flags.str('description')) obj.description = flags.str('description');
      obj.preemptionPolicy = flags.str('preemption-policy');
      return obj as unknown as KubeObject;
    },
  },
  {
    name: 'poddisruptionbudget',
    aliases: ['pdb'],
    flags: [
      { name: 'min-available', type: 'string' },
      { name: 'max-unavailable', type: 'string' },
      { name: 'selector', type: 'string' },
    ],
    createErrorPrefix: 'failed to create poddisruptionbudgets: ',
    typed(obj) {
      const out = typedObject(obj as unknown as Record<string, unknown>, ['spec', 'status']);
      out.spec = ordered(out.spec as Record<string, unknown>, [
        'minAvailable',
        'selector',
        'maxUnavailable',
        'unhealthyPodEvictionPolicy',
      ]);
      // PodDisruptionBudgetStatus's counters have no omitempty: the typed client prints them even when zero.
      const status = {
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
        ...(out.status as object),
      };
      out.status = ordered(status, [
        'observedGeneration',
        'disruptedPods',
        'disruptionsAllowed',
        'currentHealthy',
        'desiredHealthy',
        'expectedPods',
        'conditions',
      ]);
      return out as unknown as KubeObject;
    },
    async build(ctx, flags, args) {
      const name = requireName(args);
      const selector = flags.str('selector');
      const min = flags.str('min-available');
      const max = flags.str('max-unavailable');
      if (selector === '') throw new Error('a selector must be specified');
      if (min === '' && max === '')
        throw new Error('one of min-available or max-unavailable must be specified');
      if (min !== '' && max !== '')
        throw new Error('min-available and max-unavailable cannot be both specified');
      if (min !== '' && !/^[0-9]+%?$/.test(min))
        throw new Error('invalid format specified for min-available');
      if (max !== '' && !/^[0-9]+%?$/.test(max))
        throw new Error('invalid format specified for max-unavailable');
      const spec: Record<string, unknown> = {};
      if (min !== '') spec.minAvailable = intOrString(min);
      spec.selector = toLabelSelector(selector);
      if (max !== '') spec.maxUnavailable = intOrString(max);
      return {
        kind: 'PodDisruptionBudget',
        apiVersion: 'policy/v1',
        metadata: meta(ctx, name),
        spec,
        status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
      } as unknown as KubeObject;
    },
  },
];
