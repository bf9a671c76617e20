/**
 * resolveArgs turns kubectl's resource arguments into visits, as cli-runtime's Builder does:
 * `pods` (list), `pods a b` (named), `pods,deploy` (several types), `pod/a deploy/b` (type/name pairs),
 * and categories (`all`). Errors carry kubectl's messages.
 */
import type { ApiResource } from './discovery';
import type { RestMapper } from './rest-mapper';

/** Visit is one request the builder will make: a list of a resource or one named object. */
export interface Visit {
  resource: ApiResource;
  name?: string;
}

/** resolveArgs resolves `args` into visits in the order kubectl requests them. */
export async function resolveArgs(mapper: RestMapper, args: string[]): Promise<Visit[]> {
  if (args.length === 0) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new Error(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    const visits: Visit[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (name === '')
        throw new Error(`arguments in resource/name form must have a single resource and name`);
      visits.push({ resource: await mapper.resourceFor(type), name });
    }
    return visits;
  }
  const [typeArg, ...names] = args;
  const resources: ApiResource[] = [];
  for (const type of typeArg.split(',')) {
    if (type === '') continue;
    const category = await mapper.category(type);
    // A category name wins only when no resource has that name (as kubectl's category expander).
    if (category.length > 0 && !(await isResource(mapper, type))) resources.push(...category);
    else resources.push(await mapper.resourceFor(type));
  }
  if (names.length === 0) return resources.map((resource) => ({ resource }));
  return resources.flatMap((resource) => names.map((name) => ({ resource, name })));
}

async function isResource(mapper: RestMapper, type: string): Promise<boolean> {
  try {
    await mapper.resourceFor(type);
    return true;
  } catch {
    return false;
  }
}
