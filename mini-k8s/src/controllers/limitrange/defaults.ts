/**
 * limitRangeDefaults applies LimitRange `Container` defaults to a pod the way the LimitRanger admission
 * plugin does (plugin/pkg/admission/limitranger): for each container and init container, a missing limit
 * takes `default` and a missing request takes `defaultRequest` (the API defaults defaultRequest to default),
 * and the pod gets the annotation `kubernetes.io/limit-ranger` listing what was set. Pure: returns a new
 * pod and leaves the input alone.
 */
import type { KubeObject } from '../../api/object';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

interface LimitRangeItem {
  type?: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** limitRangeDefaults returns the pod with every LimitRange's Container defaults applied. */
export function limitRangeDefaults(pod: KubeObject, limitRanges: KubeObject[]): KubeObject {
  const out = structuredClone(pod);
  const spec = (out.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const notes: string[] = [];
  for (const range of limitRanges) {
    const items = ((range.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []).filter(
      (i) => i.type === 'Container',
    );
    for (const item of items) {
      const defaultRequest = item.defaultRequest ?? item.default ?? {};
      const defaultLimit = item.default ?? {};
      for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        const resources = (container.resources ??= {});
        const setRequests: string[] = [];
        const setLimits: string[] = [];
        for (const [name, value] of Object.entries(defaultLimit)) {
          if (resources.limits?.[name] === undefined) {
            (resources.limits ??= {})[name] = value;
            setLimits.push(name);
          }
        }
        for (const [name, value] of Object.entries(defaultRequest)) {
          if (resources.requests?.[name] === undefined) {
            // Why: a request defaults to the container's own limit when it has one (limits win over range defaults).
            (resources.requests ??= {})[name] =
              setLimits.includes(name) || resources.limits?.[name] === undefined
                ? value
                : resources.limits[name];
            setRequests.push(name);
          }
        }
        if (setRequests.length > 0)
          notes.push(
            `${setRequests.sort().join(', ')} request for ${kindOf(spec, container)} ${container.name}`,
          );
        if (setLimits.length > 0)
          notes.push(`${setLimits.sort().join(', ')} limit for ${kindOf(spec, container)} ${container.name}`);
      }
    }
  }
  if (notes.length > 0) {
    out.metadata.annotations = {
      ...(out.metadata.annotations ?? {}),
      [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
    };
  }
  return out;
}

function kindOf(spec: { initContainers?: Container[] }, container: Container): string {
  return spec.initContainers?.includes(container) ? 'init container' : 'container';
}
