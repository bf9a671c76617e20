/**
 * The instructor grid's wording, without the DOM: a cell's symbol and label, a row's totals, the sandbox
 * state in French, a duration, and the grid's sorting (learners by name).
 */
import type { Grid, Progress, ProgressStatus } from '../api/instructor-client';
import { formatPoints } from '../exercises/exercise-view';

const CELL: Record<ProgressStatus, { mark: string; label: string }> = {
  'not-started': { mark: '·', label: 'pas commencé' },
  started: { mark: '…', label: 'en cours' },
  failed: { mark: '✗', label: 'vérifié, pas encore réussi' },
  passed: { mark: '✓', label: 'réussi' },
  revealed: { mark: '◎', label: 'solution consultée' },
};

/** cellView is what a grid cell shows (mark, score) and says to screen readers. */
export function cellView(progress: Progress | undefined): {
  mark: string;
  text: string;
  label: string;
  status: ProgressStatus;
} {
  const status = progress?.status ?? 'not-started';
  const { mark, label } = CELL[status];
  if (!progress || status === 'not-started') return { mark, text: '', label, status };
  const score =
    progress.maxScore > 0 ? `${formatPoints(progress.score)}/${formatPoints(progress.maxScore)}` : '';
  const attempts = `${progress.attempts} vérification${progress.attempts > 1 ? 's' : ''}`;
  return {
    mark,
    text: score,
    label: [label, score && `score ${score}`, attempts, formatDuration(progress.timeSpentMs / 1000)]
      .filter(Boolean)
      .join(', '),
    status,
  };
}

/** rowTotals counts a learner's passed exercises and sums their scores. */
export function rowTotals(
  row: Grid['rows'][number],
  exerciseIds: string[],
): { passed: number; score: number; maxScore: number } {
  let passed = 0;
  let score = 0;
  let maxScore = 0;
  for (const id of exerciseIds) {
    const p = row.exercises[id];
    if (!p) continue;
    if (p.status === 'passed') passed++;
    score += p.score;
    maxScore += p.maxScore;
  }
  return { passed, score, maxScore };
}

const SANDBOX_STATES: Record<string, string> = {
  creating: 'préparation',
  ready: 'prêt',
  sleeping: 'en veille',
  expired: 'expirée',
};

/** sandboxLabel is the French label of a learner's sandbox state (or « pas de sandbox »). */
export function sandboxLabel(state: string | null): string {
  if (state === null) return 'pas de sandbox';
  return SANDBOX_STATES[state] ?? state;
}

/** formatDuration prints seconds as « 0 min », « 12 min » or « 1 h 05 ». */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}

/** sortedRows orders learners by display name, French collation (accents, case). */
export function sortedRows(grid: Grid): Grid['rows'] {
  return [...grid.rows].sort((a, b) =>
    a.displayName.localeCompare(b.displayName, 'fr', { sensitivity: 'base' }),
  );
}

/** formatJoinCode spaces a join code for reading aloud on a projector (« K7Q 2MX »). */
export function formatJoinCode(code: string): string {
  const clean = code.trim().toUpperCase();
  if (clean.length <= 4) return clean;
  const half = Math.ceil(clean.length / 2);
  return `${clean.slice(0, half)} ${clean.slice(half)}`;
}
