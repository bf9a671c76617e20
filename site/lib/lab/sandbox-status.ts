/**
 * SandboxStatus: creates (or finds) the learner's sandbox with `POST /api/sandboxes` — the learner cookie
 * identifies them — then follows its state with `GET /api/sandboxes/:id` and shows it in the lab's status
 * badge. Small and eager: the state is visible as soon as the lesson page loads.
 */
import {
  type SandboxState,
  type SandboxSummary,
  parseSandbox,
  pollInterval,
  stateView,
} from '../sandbox-state';

/** RETRY_MS is the wait before asking again after a refusal or a network error. */
const RETRY_MS = 5_000;

/** RuntimeView is how the badge shows what the learner's Pods run on. */
export interface RuntimeView {
  runtime: 'simulated' | 'docker' | 'kubernetes';
  /** label follows « Exécution : » in the badge. */
  label: string;
  /** description is the badge's tooltip: what it means, or why Docker (or the host cluster) was not used. */
  description: string;
  /** fallback tells that Docker or the host cluster was asked for but the sandbox runs simulated. */
  fallback: boolean;
}

/**
 * runtimeView reads `runtime` and `runtimeNotice` of the server's sandbox JSON; undefined when the server
 * does not say (an older server), so the badge shows nothing rather than a guess.
 */
export function runtimeView(value: unknown): RuntimeView | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { runtime, runtimeNotice } = value as Record<string, unknown>;
  const notice = typeof runtimeNotice === 'string' && runtimeNotice !== '' ? runtimeNotice : undefined;
  if (runtime === 'docker') {
    return {
      runtime,
      label: 'conteneurs Docker',
      description: 'Vos Pods sont de vrais conteneurs Docker, sur un réseau isolé propre à votre sandbox.',
      fallback: false,
    };
  }
  if (runtime === 'kubernetes') {
    return {
      runtime,
      label: 'pods Kubernetes',
      description:
        'Vos Pods tournent comme de vrais Pods d’un cluster Kubernetes hôte, dans un namespace isolé propre à votre sandbox.',
      fallback: false,
    };
  }
  if (runtime === 'simulated') {
    // The notice names what was unreachable: Docker, or the host cluster (RUNTIME=kubernetes).
    const unreachable = notice !== undefined && /Docker/.test(notice) ? 'Docker' : 'cluster hôte';
    return {
      runtime,
      label: notice === undefined ? 'simulée' : `simulée (${unreachable} injoignable)`,
      description:
        notice ?? 'Vos Pods sont simulés par le cluster : mêmes commandes kubectl, sans vrais conteneurs.',
      fallback: notice !== undefined,
    };
  }
  return undefined;
}

export class SandboxStatus {
  private sandbox: SandboxSummary | undefined;
  private readonly waiters: ((s: SandboxSummary) => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly badge: HTMLElement) {
    this.show('connecting');
  }

  /** start asks for the sandbox, then keeps its state up to date. */
  start(): void {
    void this.create();
  }

  /** ready resolves with the sandbox once the server has given one (whatever its state). */
  ready(): Promise<SandboxSummary> {
    if (this.sandbox) return Promise.resolve(this.sandbox);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** refresh asks the state now (after a command wakes a sleeping cluster, for instance). */
  refresh(): void {
    if (this.sandbox) void this.poll(this.sandbox.id);
  }

  /** accept shows a sandbox received elsewhere (the cluster stream's `sandbox` events). */
  accept(value: unknown): void {
    const found = parseSandbox(value);
    if (found && found.id === this.sandbox?.id) {
      this.update(found);
      // The cluster stream's sandbox events may omit the runtime: keep the one shown then.
      const runtime = runtimeView(value);
      if (runtime) this.showRuntime(runtime);
    }
  }

  private async create(): Promise<void> {
    const found = await this.request('/api/sandboxes', 'POST');
    if (!found) {
      this.timer = setTimeout(() => void this.create(), RETRY_MS);
      return;
    }
    this.update(found);
    for (const resolve of this.waiters.splice(0)) resolve(found);
  }

  private async poll(id: string): Promise<void> {
    clearTimeout(this.timer);
    const found = await this.request(`/api/sandboxes/${encodeURIComponent(id)}`, 'GET');
    if (found) this.update(found);
    else this.timer = setTimeout(() => void this.poll(id), RETRY_MS);
  }

  private update(found: SandboxSummary): void {
    this.sandbox = found;
    this.show(found.state);
    clearTimeout(this.timer);
    // Why stop at `expired`: the server never revives an expired sandbox; reloading the page creates one.
    if (found.state !== 'expired')
      this.timer = setTimeout(() => void this.poll(found.id), pollInterval(found.state));
  }

  private async request(url: string, method: 'GET' | 'POST'): Promise<SandboxSummary | undefined> {
    try {
      const response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      const body: unknown = response.ok ? await response.json() : undefined;
      const sandbox = parseSandbox(body);
      if (!sandbox) this.show('unavailable', await errorMessage(response));
      else this.showRuntime(runtimeView(body));
      return sandbox;
    } catch {
      this.show('unavailable');
      return undefined;
    }
  }

  private show(state: SandboxState, detail?: string): void {
    const view = stateView(state);
    this.badge.dataset.tone = view.tone;
    this.badge.dataset.state = state;
    const label = this.badge.querySelector('[data-label]');
    if (label) label.textContent = view.label;
    this.badge.title = detail ?? view.description;
  }

  /** showRuntime fills the badge's « Exécution : … » part (hidden while the server has not said). */
  private showRuntime(view: RuntimeView | undefined): void {
    const element = this.badge.querySelector<HTMLElement>('[data-runtime]');
    if (!element) return;
    element.hidden = view === undefined;
    if (!view) return;
    element.dataset.runtime = view.runtime;
    element.dataset.fallback = String(view.fallback);
    element.title = view.description;
    const label = element.querySelector('[data-runtime-label]');
    if (label) label.textContent = view.label;
  }
}

/** errorMessage reads the French message of a platform error body, if any. */
async function errorMessage(response: Response): Promise<string | undefined> {
  if (response.ok) return undefined;
  try {
    const body = (await response.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}
