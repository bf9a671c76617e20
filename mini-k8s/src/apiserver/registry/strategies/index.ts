/**
 * The strategy table: which ResourceStrategy governs each resource. Resources without kind-specific rules
 * get defaultStrategy (name rule, generation tracking and delete answer from the catalogue).
 */
import type { ResourceInfo } from '../../../api/resources';
import type { Storage } from '../../../storage/interface';
import type { ResourceStrategy } from '../strategy';
import { defaultStrategy } from '../strategy';
import { jobStrategy } from './jobs';
import { namespaceStrategy } from './namespaces';
import { podStrategy } from './pods';
import { ServiceAllocator, serviceStrategy } from './services';
import { nodeStrategy, persistentVolumeClaimStrategy, persistentVolumeStrategy } from './storage-objects';

/** StrategyTable resolves strategies for one registry instance. */
export interface StrategyTable {
  strategyFor(info: ResourceInfo): ResourceStrategy;
  services: ServiceAllocator;
}

/** createStrategyTable builds the strategies of one registry (services need its storage for allocations). */
export function createStrategyTable(options: {
  storage: Storage;
  serviceCidr: string;
  nodePortRange: [number, number];
}): StrategyTable {
  const services = new ServiceAllocator(options.storage, options);
  const specific: Record<string, ResourceStrategy> = {
    '/pods': podStrategy(),
    '/services': serviceStrategy(services),
    '/namespaces': namespaceStrategy(),
    '/nodes': nodeStrategy(),
    '/persistentvolumes': persistentVolumeStrategy(),
    '/persistentvolumeclaims': persistentVolumeClaimStrategy(),
    'batch/jobs': jobStrategy(),
  };
  const cache = new Map<ResourceInfo, ResourceStrategy>();
  return {
    services,
    strategyFor(info) {
      let found = cache.get(info);
      if (!found) {
        found = specific[`${info.group}/${info.resource}`] ?? defaultStrategy(info);
        cache.set(info, found);
      }
      return found;
    },
  };
}
