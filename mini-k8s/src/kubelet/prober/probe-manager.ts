/**
 * ProbeManager runs the liveness, readiness and startup probe workers of running containers (one worker
 * per probe per container instance, like pkg/kubelet/prober). It keeps the results the status computation
 * reads (`isReady`, `isStarted`) and tells the kubelet when a result changes (`onChange`) or when a
 * liveness/startup probe crossed its failure threshold (`onKill`). Every failed attempt emits an
 * `Unhealthy` event (`Liveness probe failed: ...`).
 */
import type { ContainerRuntime } from '../runtime/runtime';
import { probeDelayMs, type KubeletTiming } from '../timing';
import type { Container, Pod, Probe } from '../types';
import { runProbe, type ProbeTarget } from './probe-runner';

export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';

/** ProbeManagerOptions wire the manager to the kubelet. */
export interface ProbeManagerOptions {
  runtime: ContainerRuntime;
  timing: KubeletTiming;
  /** event records a pod event (Unhealthy). */
  event: (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /** onChange is called when a readiness or startup result of a pod changes. */
  onChange: (podUid: string) => void;
  /** onKill asks the kubelet to restart a container whose liveness/startup probe failed. */
  onKill: (pod: Pod, containerName: string, containerId: string, probe: ProbeType) => void;
}

interface Worker {
  type: ProbeType;
  probe: Probe;
  timer?: NodeJS.Timeout;
  successes: number;
  failures: number;
  stopped: boolean;
}

interface ContainerProbes {
  podUid: string;
  pod: Pod;
  container: Container;
  target: ProbeTarget;
  workers: Worker[];
  ready: boolean;
  started: boolean;
}

export class ProbeManager {
  private readonly containers = new Map<string, ContainerProbes>();

  constructor(private readonly options: ProbeManagerOptions) {}

  /** ensure starts the workers of a running container instance (idempotent); `pod` is refreshed. */
  ensure(pod: Pod, container: Container, target: ProbeTarget): void {
    const existing = this.containers.get(target.containerId);
    if (existing) {
      existing.pod = pod;
      return;
    }
    const entry: ContainerProbes = {
      podUid: pod.metadata.uid ?? '',
      pod,
      container,
      target,
      workers: [],
      ready: !container.readinessProbe,
      started: !container.startupProbe,
    };
    this.containers.set(target.containerId, entry);
    const add = (type: ProbeType, probe: Probe | undefined) => {
      if (!probe) return;
      const worker: Worker = { type, probe, successes: 0, failures: 0, stopped: false };
      entry.workers.push(worker);
      this.schedule(entry, worker, probeDelayMs(this.options.timing, probe.initialDelaySeconds ?? 0));
    };
    add('Startup', container.startupProbe);
    add('Liveness', container.livenessProbe);
    add('Readiness', container.readinessProbe);
  }

  /** isReady is the readiness of a container instance (true without a readiness probe). */
  isReady(containerId: string): boolean {
    return this.containers.get(containerId)?.ready ?? false;
  }

  /** isStarted tells whether the startup probe succeeded (true without one). */
  isStarted(containerId: string): boolean {
    return this.containers.get(containerId)?.started ?? false;
  }

  /** remove stops the workers of one container instance. */
  remove(containerId: string): void {
    const entry = this.containers.get(containerId);
    if (!entry) return;
    for (const worker of entry.workers) {
      worker.stopped = true;
      clearTimeout(worker.timer);
    }
    this.containers.delete(containerId);
  }

  /** removePod stops every worker of a pod. */
  removePod(podUid: string): void {
    for (const [id, entry] of [...this.containers]) if (entry.podUid === podUid) this.remove(id);
  }

  /** stop stops every worker. */
  stop(): void {
    for (const id of [...this.containers.keys()]) this.remove(id);
  }

  private schedule(entry: ContainerProbes, worker: Worker, delayMs: number): void {
    if (worker.stopped) return;
    worker.timer = setTimeout(() => void this.tick(entry, worker), delayMs);
    worker.timer.unref?.();
  }

  private async tick(entry: ContainerProbes, worker: Worker): Promise<void> {
    if (worker.stopped) return;
    const period = probeDelayMs(this.options.timing, worker.probe.periodSeconds ?? 10);
    // Why: liveness and readiness wait for the startup probe, as upstream's workers do.
    if (worker.type !== 'Startup' && !entry.started) {
      this.schedule(entry, worker, period);
      return;
    }
    if (worker.type === 'Startup' && entry.started) return;
    const result = await runProbe(
      this.options.runtime,
      worker.probe,
      entry.target,
      this.options.timing.probeScale,
    );
    if (worker.stopped) return;
    if (result.success) {
      worker.successes++;
      worker.failures = 0;
    } else {
      worker.failures++;
      worker.successes = 0;
      const output = result.output;
      this.options.event(entry.pod, 'Warning', 'Unhealthy', `${worker.type} probe failed: ${output}`);
    }
    const successThreshold = worker.type === 'Readiness' ? (worker.probe.successThreshold ?? 1) : 1;
    const failureThreshold = worker.probe.failureThreshold ?? 3;
    switch (worker.type) {
      case 'Readiness':
        if (!entry.ready && worker.successes >= successThreshold) this.flip(entry, 'ready', true);
        else if (entry.ready && worker.failures >= failureThreshold) this.flip(entry, 'ready', false);
        break;
      case 'Startup':
        if (worker.successes >= 1) {
          this.flip(entry, 'started', true);
          return;
        }
        if (worker.failures >= failureThreshold) {
          this.kill(entry, worker);
          return;
        }
        break;
      case 'Liveness':
        if (worker.failures >= failureThreshold) {
          this.kill(entry, worker);
          return;
        }
        break;
    }
    this.schedule(entry, worker, period);
  }

  private flip(entry: ContainerProbes, field: 'ready' | 'started', value: boolean): void {
    entry[field] = value;
    this.options.onChange(entry.podUid);
  }

  private kill(entry: ContainerProbes, worker: Worker): void {
    // Why: the instance is being replaced; its workers end and the new container gets fresh ones.
    for (const w of entry.workers) {
      w.stopped = true;
      clearTimeout(w.timer);
    }
    entry.ready = false;
    this.options.onKill(entry.pod, entry.container.name, entry.target.containerId, worker.type);
  }
}
