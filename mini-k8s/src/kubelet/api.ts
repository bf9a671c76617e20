/**
 * KubeletApi is the in-process face of a kubelet's streaming server (the real one listens on :10250): the
 * API server's pods/log, exec, attach and portforward subresources call it for pods of this node. Errors
 * are StatusErrors carrying the kubelet's messages (`container "nginx" in pod "web" is waiting to start:
 * ContainerCreating`, `previous terminated container "nginx" in pod "web" not found`).
 */
import type { Duplex } from 'node:stream';
import { errors } from '../machinery/errors';
import type { AttachIO, ExecIO } from './runtime/io';
import type { ContainerRuntime, ContainerStatus } from './runtime/runtime';
import type { PodState } from './sync-pod';

/** KubeletLogOptions are PodLogOptions plus the output sink. */
export interface KubeletLogOptions {
  /** container defaults to the pod's first container. */
  container?: string;
  previous?: boolean;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  timestamps?: boolean;
  limitBytes?: number;
  onData: (chunk: string) => void;
  signal?: AbortSignal;
}

/** KubeletApi is what the API server needs from a node's kubelet. */
export interface KubeletApi {
  readonly nodeName: string;
  logs(namespace: string, pod: string, options: KubeletLogOptions): Promise<void>;
  exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    command: string[],
    io: ExecIO,
  ): Promise<{ exitCode: number }>;
  attach(namespace: string, pod: string, container: string | undefined, io: AttachIO): Promise<void>;
  portForward(namespace: string, pod: string, port: number): Promise<Duplex>;
}

/** PodLookup gives the kubelet's state of a pod and its container names in spec order. */
export type PodLookup = (
  namespace: string,
  name: string,
) => { state: PodState; containers: string[] } | undefined;

/** KubeletServer implements KubeletApi over the pod states and the runtime. */
export class KubeletServer implements KubeletApi {
  constructor(
    readonly nodeName: string,
    private readonly runtime: ContainerRuntime,
    private readonly lookup: PodLookup,
  ) {}

  private pod(namespace: string, name: string) {
    const found = this.lookup(namespace, name);
    if (!found) throw errors.notFound({ group: '', resource: 'pods' }, name);
    return found;
  }

  private async running(
    namespace: string,
    name: string,
    container: string | undefined,
  ): Promise<ContainerStatus> {
    const { state, containers } = this.pod(namespace, name);
    const cname = container ?? containers[0];
    const id = state.containers.get(cname)?.currentId;
    const status = id ? await this.runtime.containerStatus(id).catch(() => undefined) : undefined;
    if (!status || status.state !== 'running') throw errors.badRequest(`container not found ("${cname}")`);
    return status;
  }

  /**
   * logTarget validates a log request and returns the id of the container whose logs it reads (the current
   * one, or the previous instance with `previous`). It throws the kubelet's errors before any byte is sent,
   * so callers can answer with a clean Status instead of a broken stream.
   */
  async logTarget(
    namespace: string,
    name: string,
    options: Pick<KubeletLogOptions, 'container' | 'previous'>,
  ): Promise<string> {
    const { state, containers } = this.pod(namespace, name);
    const cname = options.container ?? containers[0];
    const record = state.containers.get(cname);
    if (!containers.includes(cname)) {
      throw errors.badRequest(`container ${cname} is not valid for pod ${name}`);
    }
    if (options.previous) {
      const current = record?.currentId
        ? await this.runtime.containerStatus(record.currentId).catch(() => undefined)
        : undefined;
      // Why: a crashed container waiting for its restart is itself the "previous" one (upstream: last dead).
      const id = current?.state === 'exited' && record?.waiting ? current.id : record?.previousId;
      if (!id) throw errors.badRequest(`previous terminated container "${cname}" in pod "${name}" not found`);
      return id;
    }
    const id = record?.currentId;
    if (!id) {
      const reason = record?.waiting?.reason ?? 'ContainerCreating';
      throw errors.badRequest(`container "${cname}" in pod "${name}" is waiting to start: ${reason}`);
    }
    return id;
  }

  /** streamLogs delivers the logs of a container found by logTarget. */
  streamLogs(containerId: string, options: Omit<KubeletLogOptions, 'container' | 'previous'>): Promise<void> {
    return this.runtime.logs(containerId, {
      follow: options.follow,
      tailLines: options.tailLines,
      sinceSeconds: options.sinceSeconds,
      sinceTime: options.sinceTime,
      timestamps: options.timestamps,
      limitBytes: options.limitBytes,
      onData: options.onData,
      signal: options.signal,
    });
  }

  async logs(namespace: string, name: string, options: KubeletLogOptions): Promise<void> {
    const id = await this.logTarget(namespace, name, options);
    await this.streamLogs(id, options);
  }

  /** runningContainerId returns the id of a running container, or throws `container not found ("x")`. */
  async runningContainerId(namespace: string, name: string, container: string | undefined): Promise<string> {
    return (await this.running(namespace, name, container)).id;
  }

  /** execIn runs a command in a container found by runningContainerId. */
  execIn(containerId: string, command: string[], io: ExecIO): Promise<{ exitCode: number }> {
    return this.runtime.exec(containerId, command, io);
  }

  /** attachTo attaches to the main process of a container found by runningContainerId. */
  attachTo(containerId: string, io: AttachIO): Promise<void> {
    return this.runtime.attach(containerId, io);
  }

  async exec(namespace: string, name: string, container: string | undefined, command: string[], io: ExecIO) {
    const status = await this.running(namespace, name, container);
    return this.runtime.exec(status.id, command, io);
  }

  async attach(namespace: string, name: string, container: string | undefined, io: AttachIO): Promise<void> {
    const status = await this.running(namespace, name, container);
    return this.runtime.attach(status.id, io);
  }

  async portForward(namespace: string, name: string, port: number): Promise<Duplex> {
    const { state } = this.pod(namespace, name);
    if (!state.sandboxId) throw errors.badRequest(`pod ${name} is not running`);
    return this.runtime.portForward(state.sandboxId, port);
  }
}
