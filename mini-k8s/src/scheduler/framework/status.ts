/**
 * Status is the outcome of one plugin call, like framework.Status upstream: a code plus reason strings.
 * Success is represented by `undefined` at plugin boundaries (Go's nil status) so the hot path
 * allocates nothing; `Status` objects only exist for failures and skips.
 */

/** Code is framework.Code (the subset mini-k8s uses). */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

export class Status {
  /** plugin is the name of the plugin that produced the status (set by the framework runtime). */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  /** message is Status.Message(): the reasons joined by ", ". */
  message(): string {
    return this.reasons.join(', ');
  }

  /** isRejected tells whether the pod cannot be placed (Unschedulable or UnschedulableAndUnresolvable). */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }
}

/** unschedulable builds an Unschedulable status (preemption might help). */
export function unschedulable(...reasons: string[]): Status {
  return new Status('Unschedulable', reasons);
}

/** unresolvable builds an UnschedulableAndUnresolvable status (preemption cannot help). */
export function unresolvable(...reasons: string[]): Status {
  return new Status('UnschedulableAndUnresolvable', reasons);
}

/** asError builds an Error status (an internal problem, not a property of the node). */
export function asError(reason: string): Status {
  return new Status('Error', [reason]);
}

/** SKIP tells the runtime that the plugin has nothing to do for this pod (its Filter/Score are skipped). */
export const SKIP = new Status('Skip');

/** PluginStatus is a plugin call's result: undefined means success. */
export type PluginStatus = Status | undefined;
