import { describe, expect, it } from 'vitest';
import type { CheckReport, ExerciseItem } from '../api/contract';
import {
  checkedAtLabel,
  hintButtonLabel,
  lessonExercises,
  reportSummary,
  scoreLine,
  statusLabel,
} from './exercise-view';

const item = (id: string, extra: Partial<ExerciseItem> = {}): ExerciseItem => ({
  id,
  chapter: id.split('/')[0]!,
  slug: id.split('/')[1]!,
  title: id,
  minutes: 5,
  level: 'guidé',
  objectives: [],
  status: 'a-faire',
  score: null,
  maxScore: 10,
  attempts: 0,
  hintsRevealed: 0,
  hintsTotal: 2,
  solutionRevealed: false,
  ...extra,
});

const report = (passed: boolean[], score: number): CheckReport => ({
  exerciseId: '04-pods/premier-pod',
  passed: passed.every(Boolean),
  score,
  maxScore: 10,
  checkedAt: '2026-01-01T13:05:09Z',
  durationMs: 12,
  checks: passed.map((p, i) => ({
    id: `c${i}`,
    title: `c${i}`,
    passed: p,
    points: p ? 5 : 0,
    maxPoints: 5,
    message: '',
    precondition: false,
  })),
});

describe('exercise view', () => {
  const all = [item('04-pods/premier-pod'), item('04-pods/sonde-liveness'), item('05-controleurs/x')];

  it('shows the declared exercises in their order, else the chapter’s', () => {
    expect(lessonExercises(all, '04-pods', ['04-pods/sonde-liveness', 'nope/x']).map((e) => e.id)).toEqual([
      '04-pods/sonde-liveness',
    ]);
    expect(lessonExercises(all, '04-pods', []).map((e) => e.id)).toEqual([
      '04-pods/premier-pod',
      '04-pods/sonde-liveness',
    ]);
    expect(lessonExercises(all, '07-services', [])).toEqual([]);
  });

  it('labels statuses and scores in French', () => {
    expect(statusLabel('reussi')).toBe('réussi');
    expect(statusLabel('en-cours')).toBe('en cours');
    expect(scoreLine({ score: null, maxScore: 10, attempts: 0 })).toBe('Pas encore vérifié');
    expect(scoreLine({ score: 7.5, maxScore: 10, attempts: 1 })).toBe('Score : 7,5 / 10 · 1 vérification');
    expect(scoreLine({ score: 10, maxScore: 10, attempts: 3 })).toBe('Score : 10 / 10 · 3 vérifications');
  });

  it('summarises a report', () => {
    expect(reportSummary(report([true, false], 5))).toBe(
      'Pas encore : 1 vérification sur 2 réussie · score 5 / 10.',
    );
    expect(reportSummary(report([true, true], 10))).toBe(
      'Exercice réussi ! 2 vérifications sur 2 réussies · score 10 / 10.',
    );
  });

  it('labels the hint button and hides it when no hint remains', () => {
    expect(hintButtonLabel(0, 2)).toBe('Afficher un indice (2 restants)');
    expect(hintButtonLabel(1, 2)).toBe('Indice suivant (1 restant)');
    expect(hintButtonLabel(2, 2)).toBeUndefined();
  });

  it('prints the check time', () => {
    expect(checkedAtLabel('2026-01-01T13:05:09Z', 'Europe/Paris')).toBe('vérifié à 14:05:09');
    expect(checkedAtLabel('nonsense')).toBe('');
  });
});
