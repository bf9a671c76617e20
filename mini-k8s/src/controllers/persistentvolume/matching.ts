/**
 * findMatchingVolume is the PV controller's matcher (persistentVolumeOrderedIndex.findByClaim and
 * volume.FindMatchingVolume): volumes are grouped by their access-mode sets; the groups whose modes include
 * every mode the claim asks for are searched from the smallest set up, and within a group:
 * - a volume pre-bound to this claim (claimRef naming it, UID empty or equal) wins at once;
 * - otherwise the smallest Available volume of the claim's class with enough capacity, the same volume
 *   mode and labels matching the claim's selector, not being deleted and not reserved for another claim.
 * With delayed binding (WaitForFirstConsumer) only pre-bound volumes match: the scheduler chooses the others.
 */
import { labelSelectorFromMeta } from '../../machinery/labels';
import { Quantity } from '../../machinery/quantity';
import {
  claimClass,
  isVolumeBoundToClaim,
  type PersistentVolume,
  type PersistentVolumeClaim,
  volumeClass,
  volumeModeMismatch,
} from './volume-types';

function storageOf(resources: Record<string, string> | undefined): Quantity {
  const value = resources?.storage;
  return value === undefined ? Quantity.fromInt(0) : Quantity.parse(value);
}

function modeKey(modes: string[] | undefined): string {
  return [...new Set(modes ?? [])].sort().join(',');
}

function findInGroup(
  claim: PersistentVolumeClaim,
  volumes: PersistentVolume[],
  delayBinding: boolean,
): PersistentVolume | undefined {
  const requested = storageOf(claim.spec.resources?.requests);
  const requestedClass = claimClass(claim);
  const selector = claim.spec.selector ? labelSelectorFromMeta(claim.spec.selector) : undefined;
  let smallest: PersistentVolume | undefined;
  let smallestQty: Quantity | undefined;
  for (const volume of volumes) {
    if (volume.spec.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = storageOf(volume.spec.capacity);
    if (qty.cmp(requested) < 0) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(volume, claim)) return volume;
    // Why: with WaitForFirstConsumer the scheduler picks a volume reachable from the pod's node.
    if (delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(volume.metadata.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!smallestQty || smallestQty.cmp(qty) > 0) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

/** findMatchingVolume returns the volume the claim should bind to, or undefined. */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: PersistentVolume[],
  delayBinding = false,
): PersistentVolume | undefined {
  const wanted = new Set(claim.spec.accessModes ?? []);
  const groups = new Map<string, PersistentVolume[]>();
  for (const volume of volumes) {
    const key = modeKey(volume.spec.accessModes);
    const group = groups.get(key) ?? [];
    group.push(volume);
    groups.set(key, group);
  }
  // Why: a claim asking for RWO prefers a RWO volume over a RWO+RWX one (allPossibleMatchingAccessModes).
  const candidates = [...groups.entries()]
    .map(([key, group]) => ({ modes: key === '' ? [] : key.split(','), group }))
    .filter(({ modes }) => [...wanted].every((m) => modes.includes(m)))
    .sort((a, b) => a.modes.length - b.modes.length);
  for (const { group } of candidates) {
    const match = findInGroup(claim, group, delayBinding);
    if (match) return match;
  }
  return undefined;
}

/**
 * checkVolumeSatisfyClaim says why a volume the claim names in spec.volumeName cannot serve it
 * (checkVolumeSatisfyClaim in pv_controller.go), or undefined when it can.
 */
export function checkVolumeSatisfyClaim(
  volume: PersistentVolume,
  claim: PersistentVolumeClaim,
): string | undefined {
  const requested = storageOf(claim.spec.resources?.requests);
  if (storageOf(volume.spec.capacity).cmp(requested) < 0) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  const modes = volume.spec.accessModes ?? [];
  if (!(claim.spec.accessModes ?? []).every((m) => modes.includes(m))) return 'incompatible accessMode';
  return undefined;
}
