/**
 * The Exercice tab's wording and choices, kept apart from the DOM so they are unit-tested: which exercises
 * a lesson shows, status labels, score lines and the live checklist's summary.
 */
import type { CheckReport, ExerciseItem, ExerciseStatus } from '../api/contract';

const STATUS_LABELS: Record<ExerciseStatus, string> = {
  'a-faire': 'à faire',
  'en-cours': 'en cours',
  reussi: 'réussi',
};

/** statusLabel is the French label of an exercise status. */
export function statusLabel(status: ExerciseStatus): string {
  return STATUS_LABELS[status];
}

/**
 * lessonExercises picks the exercises a lesson shows: the ids its frontmatter lists, in that order, or else
 * every exercise of its chapter (exercise ids start with the chapter folder, e.g. "04-pods/premier-pod").
 */
export function lessonExercises(all: ExerciseItem[], chapter: string, declared: string[]): ExerciseItem[] {
  if (declared.length > 0)
    return declared.map((id) => all.find((e) => e.id === id)).filter((e): e is ExerciseItem => !!e);
  return all.filter((e) => e.chapter === chapter);
}

/** scoreLine is « Score : 8 / 10 » (or « pas encore vérifié »). */
export function scoreLine(item: Pick<ExerciseItem, 'score' | 'maxScore' | 'attempts'>): string {
  if (item.score === null) return 'Pas encore vérifié';
  const attempts = item.attempts === 1 ? '1 vérification' : `${item.attempts} vérifications`;
  return `Score : ${formatPoints(item.score)} / ${formatPoints(item.maxScore)} · ${attempts}`;
}

/** formatPoints prints points the French way (decimal comma, at most one decimal). */
export function formatPoints(points: number): string {
  return (Math.round(points * 10) / 10).toString().replace('.', ',');
}

/** reportSummary is the sentence read after a check (and announced to screen readers). */
export function reportSummary(report: CheckReport): string {
  const passed = report.checks.filter((c) => c.passed).length;
  const head = report.passed ? 'Exercice réussi !' : 'Pas encore :';
  return `${head} ${passed} vérification${passed > 1 ? 's' : ''} sur ${report.checks.length} ${
    passed > 1 ? 'réussies' : 'réussie'
  } · score ${formatPoints(report.score)} / ${formatPoints(report.maxScore)}.`;
}

/** hintButtonLabel is « Indice suivant (2 restants) », or undefined when every hint is shown. */
export function hintButtonLabel(revealed: number, total: number): string | undefined {
  const remaining = Math.max(0, total - revealed);
  if (remaining === 0) return undefined;
  const label = revealed === 0 ? 'Afficher un indice' : 'Indice suivant';
  return `${label} (${remaining} restant${remaining > 1 ? 's' : ''})`;
}

/** checkedAtLabel is « vérifié à 14:05:09 » in the learner's time zone. */
export function checkedAtLabel(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `vérifié à ${date.toLocaleTimeString('fr-FR', { hour12: false, ...(timeZone ? { timeZone } : {}) })}`;
}
