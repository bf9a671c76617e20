/**
 * The sandbox state as the learner sees it, always visible in the lab pane. The server's states are those of
 * sandbox-server/src/http/schemas.ts (`SandboxSchema.state`); the page adds its own `connecting` (before the
 * first answer) and `unavailable` (the server refused or is unreachable).
 */

/** SandboxState is a state the lab can display. */
export type SandboxState = 'connecting' | 'creating' | 'ready' | 'sleeping' | 'expired' | 'unavailable';

/** StateView is the label and the colour tone of a state. */
export interface StateView {
  label: string;
  tone: 'pending' | 'ok' | 'idle' | 'error';
  description: string;
}

const VIEWS: Record<SandboxState, StateView> = {
  connecting: { label: 'préparation', tone: 'pending', description: 'Connexion au serveur de l’atelier…' },
  creating: { label: 'préparation', tone: 'pending', description: 'Votre cluster démarre.' },
  ready: { label: 'prêt', tone: 'ok', description: 'Votre cluster est prêt : 3 nœuds.' },
  sleeping: {
    label: 'en veille',
    tone: 'idle',
    description: 'Votre cluster dort ; il se réveille à la prochaine commande.',
  },
  expired: { label: 'expiré', tone: 'error', description: 'Votre sandbox a expiré ; rechargez la page.' },
  unavailable: { label: 'indisponible', tone: 'error', description: 'Le serveur ne répond pas.' },
};

/** stateView returns how to show a state; unknown server states show as unavailable. */
export function stateView(state: string): StateView {
  return Object.hasOwn(VIEWS, state) ? VIEWS[state as SandboxState] : VIEWS.unavailable;
}

/** SandboxSummary is the part of the server's sandbox JSON the page uses. */
export interface SandboxSummary {
  id: string;
  state: SandboxState;
  nodes: number;
  /** exerciseId is the exercise the sandbox was last started for (null: a free sandbox). */
  exerciseId: string | null;
}

/** parseSandbox reads the sandbox JSON of `POST /api/sandboxes` or `GET /api/sandboxes/:id`. */
export function parseSandbox(value: unknown): SandboxSummary | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, state, nodes, exerciseId } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof state !== 'string') return undefined;
  if (!['creating', 'ready', 'sleeping', 'expired'].includes(state)) return undefined;
  return {
    id,
    state: state as SandboxState,
    nodes: typeof nodes === 'number' ? nodes : 0,
    exerciseId: typeof exerciseId === 'string' ? exerciseId : null,
  };
}

/** pollInterval is how long to wait before asking the state again: quickly while it is changing. */
export function pollInterval(state: SandboxState): number {
  return state === 'creating' || state === 'connecting' ? 1_000 : 15_000;
}
