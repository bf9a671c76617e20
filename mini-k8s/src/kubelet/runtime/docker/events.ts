/**
 * DaemonEventWatcher follows the daemon's event stream for one set of labels and hands each container
 * `start`, `die` and `oom` to a callback. If the stream ends (daemon restart, connection reset) it
 * reconnects after a short delay with `since` set to the last event seen, so nothing is lost in between.
 */
import type Docker from 'dockerode';

/** WatchedAction is a container action the runtime reacts to. */
export type WatchedAction = 'start' | 'die' | 'oom';

/** RECONNECT_DELAY_MS spaces reconnection attempts. */
const RECONNECT_DELAY_MS = 1000;

interface DaemonEvent {
  status?: string;
  Action?: string;
  id?: string;
  time?: number;
  timeNano?: number;
}

/** parseEventLines splits the daemon's newline-delimited JSON; returns complete events and the remainder. */
export function parseEventLines(text: string): { events: DaemonEvent[]; rest: string } {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  const events = lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as DaemonEvent);
  return { events, rest };
}

export class DaemonEventWatcher {
  private stream: (NodeJS.ReadableStream & { destroy: () => void }) | undefined;
  private connecting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** lastSeconds is the time of the last event, for `since` on reconnection. */
  private lastSeconds = 0;

  constructor(
    private readonly docker: Docker,
    private readonly labels: string[],
    private readonly onEvent: (containerId: string, action: WatchedAction) => void,
  ) {}

  /** start connects (once); resolves when the daemon accepted the subscription. */
  start(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const stream = (await this.docker.getEvents({
      ...(this.lastSeconds > 0 ? { since: this.lastSeconds } : {}),
      filters: { type: ['container'], event: ['start', 'die', 'oom'], label: this.labels },
    })) as unknown as NodeJS.ReadableStream & { destroy: () => void };
    if (this.stopped) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      const { events, rest } = parseEventLines(pending + chunk.toString());
      pending = rest;
      for (const event of events) {
        const action = event.Action ?? event.status;
        if (event.time) this.lastSeconds = event.time;
        if (event.id && (action === 'start' || action === 'die' || action === 'oom'))
          this.onEvent(event.id, action);
      }
    });
    const reconnect = (): void => {
      if (this.stopped || this.stream !== stream) return;
      this.stream = undefined;
      this.timer = setTimeout(() => {
        this.connecting = this.connect().catch(() => reconnect());
      }, RECONNECT_DELAY_MS);
      this.timer.unref();
    };
    stream.on('end', reconnect);
    stream.on('close', reconnect);
    stream.on('error', reconnect);
  }

  /** stop closes the stream and cancels any reconnection. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stream?.destroy();
    this.stream = undefined;
  }
}
