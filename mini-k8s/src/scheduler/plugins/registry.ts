/**
 * The default scheduling profile, in upstream order (pkg/scheduler/apis/config/v1/default_plugins.go):
 * NodeUnschedulable, NodeName, TaintToleration (score weight 3), NodeAffinity (2), NodePorts,
 * NodeResourcesFit (its LeastAllocated scoring, weight 1, is the separate NodeResourcesLeastAllocated
 * plugin here), VolumeRestrictions, VolumeBinding, PodTopologySpread (2), InterPodAffinity (2),
 * DefaultPreemption, NodeResourcesBalancedAllocation (1). Not ported: SchedulingGates (gated pods are
 * never queued instead), NodeVolumeLimits, VolumeZone, ImageLocality, DynamicResources.
 */
import type { FrameworkHandle } from '../framework/interface';
import type { ProfileEntry } from '../framework/runtime';
import { defaultPreemption } from './default-preemption';
import { interPodAffinity } from './inter-pod-affinity';
import { nodeAffinity } from './node-affinity';
import { nodeName } from './node-name';
import { nodePorts } from './node-ports';
import { nodeResourcesBalancedAllocation } from './node-resources-balanced-allocation';
import { nodeResourcesFit } from './node-resources-fit';
import { nodeResourcesLeastAllocated } from './node-resources-least-allocated';
import { nodeUnschedulable } from './node-unschedulable';
import { podTopologySpread } from './pod-topology-spread';
import { taintToleration } from './taint-toleration';
import { volumeBinding, type VolumeBindingOptions } from './volume-binding';
import { volumeRestrictions } from './volume-restrictions';

export interface DefaultProfileOptions {
  volumeBinding?: VolumeBindingOptions;
}

/** defaultProfile instantiates the default plugins with their score weights. */
export function defaultProfile(handle: FrameworkHandle, options: DefaultProfileOptions = {}): ProfileEntry[] {
  return [
    { plugin: nodeUnschedulable() },
    { plugin: nodeName() },
    { plugin: taintToleration(), weight: 3 },
    { plugin: nodeAffinity(), weight: 2 },
    { plugin: nodePorts() },
    { plugin: nodeResourcesFit() },
    { plugin: nodeResourcesLeastAllocated(), weight: 1 },
    { plugin: volumeRestrictions(handle) },
    { plugin: volumeBinding(handle, options.volumeBinding) },
    { plugin: podTopologySpread(handle), weight: 2 },
    { plugin: interPodAffinity(handle), weight: 2 },
    { plugin: defaultPreemption() },
    { plugin: nodeResourcesBalancedAllocation(), weight: 1 },
  ];
}
