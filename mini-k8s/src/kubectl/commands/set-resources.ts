/**
 * `kubectl set resources (TYPE NAME | -f FILE) --limits=cpu=200m,memory=512Mi --requests=…`: sets the
 * resource limits and requests of the selected containers (`-c`, glob, every container by default, init
 * containers included) of a pod or pod template. Prints `<kind>/<name> resource requirements updated`.
 */
import { canonicalQuantity } from '../../machinery/quantity';
import type { Command } from '../cmdutil/context';
import {
  applyChanges,
  collectTargets,
  podSpecOf,
  selectContainers,
  SetError,
  SET_TEMPLATE_FLAGS,
} from './set-pod-template';
import { SET_RESOURCES_HELP } from './help-texts';

/** parseResourceList is generateversioned's populateResourceListV1 (`cpu=100m,memory=64Mi`). */
function parseResourceList(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (spec === '') return out;
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2) {
      throw new Error(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    }
    out[parts[0]] = canonicalQuantity(parts[1]);
  }
  return out;
}

export const setResourcesCommand: Command = {
  name: 'resources',
  short: 'Update resource requests/limits on objects with pod templates',
  help: SET_RESOURCES_HELP,
  flags: [...SET_TEMPLATE_FLAGS, { name: 'limits', type: 'string' }, { name: 'requests', type: 'string' }],
  async run(ctx, flags) {
    const targets = await collectTargets(ctx, flags, flags.args);
    if (flags.bool('all') && flags.str('selector')) {
      throw new Error('cannot set --all and --selector at the same time');
    }
    const limitsFlag = flags.str('limits');
    const requestsFlag = flags.str('requests');
    if (!limitsFlag && !requestsFlag) {
      throw new Error(
        'you must specify an update to requests or limits (in the form of --requests/--limits)',
      );
    }
    const limits = parseResourceList(limitsFlag);
    const requests = parseResourceList(requestsFlag);
    const pattern = flags.str('containers');
    return applyChanges(
      ctx,
      flags,
      targets,
      'resource requirements updated',
      'failed to patch resources update to pod template ',
      (target) => {
        const spec = podSpecOf(target);
        const containers = [
          ...selectContainers(spec.containers, pattern),
          ...selectContainers(spec.initContainers, pattern),
        ];
        if (containers.length === 0) throw new SetError(`error: unable to find container named ${pattern}`);
        for (const c of containers) {
          c.resources ??= {};
          if (limitsFlag) c.resources.limits = { ...c.resources.limits, ...limits };
          if (requestsFlag) c.resources.requests = { ...c.resources.requests, ...requests };
        }
        return true;
      },
    );
  },
};
