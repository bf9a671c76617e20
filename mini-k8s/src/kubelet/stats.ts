/**
 * collectStats is the kubelet's summary API in miniature: per-container usage from the runtime grouped by
 * pod, and node usage = the node's own processes (a fixed system baseline) plus every pod.
 */
import type { ContainerRuntime } from './runtime/runtime';
import type { PodState } from './sync-pod';
import type { Pod } from './types';

/** SYSTEM_CPU_NANOCORES / SYSTEM_MEMORY_BYTES model the OS, kubelet and runtime themselves. */
export const SYSTEM_CPU_NANOCORES = 45_000_000;
export const SYSTEM_MEMORY_BYTES = 640 * 1024 * 1024;

/** ContainerUsage is one running container's usage. */
export interface ContainerUsage {
  name: string;
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
}

/** PodUsage is one pod's usage. */
export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  timestamp: Date;
  containers: ContainerUsage[];
}

/** KubeletStats is what metrics.k8s.io is built from. */
export interface KubeletStats {
  timestamp: Date;
  node: { cpuNanoCores: number; memoryWorkingSetBytes: number };
  pods: PodUsage[];
}

export async function collectStats(
  runtime: ContainerRuntime,
  states: Map<string, PodState>,
  pods: Map<string, Pod>,
  now: Date,
): Promise<KubeletStats> {
  const stats = await runtime.stats();
  const bySandbox = new Map<string, PodUsage>();
  for (const state of states.values()) {
    if (!state.sandboxId || state.terminating) continue;
    bySandbox.set(state.sandboxId, {
      namespace: state.namespace,
      name: state.name,
      uid: state.uid,
      labels: pods.get(state.uid)?.metadata.labels ?? {},
      timestamp: now,
      containers: [],
    });
  }
  let cpu = SYSTEM_CPU_NANOCORES;
  let memory = SYSTEM_MEMORY_BYTES;
  for (const s of stats) {
    cpu += s.cpuNanoCores;
    memory += s.memoryWorkingSetBytes;
    const pod = bySandbox.get(s.podSandboxId);
    if (!pod) continue;
    pod.timestamp = s.timestamp;
    pod.containers.push({
      name: s.name,
      cpuNanoCores: s.cpuNanoCores,
      memoryWorkingSetBytes: s.memoryWorkingSetBytes,
    });
  }
  return {
    timestamp: now,
    node: { cpuNanoCores: cpu, memoryWorkingSetBytes: memory },
    pods: [...bySandbox.values()].filter((p) => p.containers.length > 0),
  };
}
