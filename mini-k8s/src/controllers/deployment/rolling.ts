/**
 * RollingUpdate (pkg/controller/deployment/rolling.go upstream): grow the new ReplicaSet within
 * replicas + maxSurge, shrink old ones while at least replicas - maxUnavailable pods stay available,
 * removing unhealthy old pods first.
 */
import type { KubeObject } from '../../api/object';
import { deploymentComplete } from './progress';
import type { DeploymentSync } from './sync';
import {
  byCreation,
  filterActive,
  maxUnavailable,
  newRSNewReplicas,
  rsReplicas,
  rsStatus,
  sumAvailableReplicas,
  sumSpecReplicas,
  deploymentStatus,
} from './util';

/** rolloutRolling is rolloutRolling: one step of a rolling update, then the rollout status. */
export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.allReplicaSetsAndSyncRevision(true);
  const all = (): KubeObject[] => [...oldRSs.map((rs) => s.latest(rs)!), s.latest(newRS)!];
  if (await reconcileNewReplicaSet(s, all(), s.latest(newRS)!)) return s.syncRolloutStatus(all(), newRS);
  const activeOld = filterActive(oldRSs.map((rs) => s.latest(rs)!));
  if (await reconcileOldReplicaSets(s, all(), activeOld, s.latest(newRS)!))
    return s.syncRolloutStatus(all(), newRS);
  if (deploymentComplete(s.d, s.spec, deploymentStatus(s.d)))
    await s.cleanupDeployment(oldRSs.map((rs) => s.latest(rs)!));
  return s.syncRolloutStatus(all(), newRS);
}

/** reconcileNewReplicaSet scales the new ReplicaSet toward spec.replicas within the surge budget. */
export async function reconcileNewReplicaSet(
  s: DeploymentSync,
  all: KubeObject[],
  newRS: KubeObject,
): Promise<boolean> {
  const spec = s.spec;
  if (rsReplicas(newRS) === spec.replicas) return false;
  if (rsReplicas(newRS) > spec.replicas) return s.scaleReplicaSetAndRecordEvent(newRS, spec.replicas);
  return s.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(spec, all, newRS));
}

/** reconcileOldReplicaSets scales old ReplicaSets down as far as maxUnavailable allows. */
export async function reconcileOldReplicaSets(
  s: DeploymentSync,
  all: KubeObject[],
  oldRSs: KubeObject[],
  newRS: KubeObject,
): Promise<boolean> {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const spec = s.spec;
  const minAvailable = spec.replicas - maxUnavailable(spec);
  const newUnavailable = rsReplicas(newRS) - rsStatus(newRS).availableReplicas;
  const maxScaledDown = sumSpecReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { rss, cleaned } = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(s, [...rss, newRS], rss);
  return cleaned + scaledDown > 0;
}

/** cleanupUnhealthyReplicas scales old ReplicaSets down by their unavailable pods, oldest first. */
async function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  oldRSs: KubeObject[],
  maxCleanup: number,
): Promise<{ rss: KubeObject[]; cleaned: number }> {
  const rss = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of rss.entries()) {
    if (total >= maxCleanup) break;
    const replicas = rsReplicas(rs);
    const available = rsStatus(rs).availableReplicas;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    await s.scaleReplicaSetAndRecordEvent(rs, replicas - count);
    total += count;
    rss[i] = s.latest(rs)!;
  }
  return { rss, cleaned: total };
}

/** scaleDownOldForRollingUpdate removes available old pods above replicas - maxUnavailable, oldest first. */
async function scaleDownOldForRollingUpdate(
  s: DeploymentSync,
  all: KubeObject[],
  oldRSs: KubeObject[],
): Promise<number> {
  const spec = s.spec;
  const minAvailable = spec.replicas - maxUnavailable(spec);
  const available = sumAvailableReplicas(all);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (rsReplicas(rs) === 0) continue;
    const count = Math.min(rsReplicas(rs), budget - total);
    await s.scaleReplicaSetAndRecordEvent(rs, rsReplicas(rs) - count);
    total += count;
  }
  return total;
}
