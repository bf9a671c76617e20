import { describe, expect, it } from 'vitest';
import { parseGrid } from '../api/instructor-client';
import { cellView, formatDuration, formatJoinCode, rowTotals, sandboxLabel, sortedRows } from './grid-view';

/** A grid payload shaped like sandbox-server's GridSchema. */
const GRID = parseGrid({
  exercises: [
    { id: '04-pods/premier-pod', title: 'Premier Pod' },
    { id: '05-controleurs/mettre-a-l-echelle', title: 'Mettre à l’échelle' },
  ],
  rows: [
    {
      learnerId: 'l2',
      displayName: 'Zoé',
      sandboxState: 'ready',
      exercises: {
        '04-pods/premier-pod': {
          exerciseId: '04-pods/premier-pod',
          status: 'passed',
          score: 10,
          maxScore: 10,
          attempts: 2,
          timeSpentMs: 754_000,
        },
        '05-controleurs/mettre-a-l-echelle': {
          exerciseId: '05-controleurs/mettre-a-l-echelle',
          status: 'failed',
          score: 2.5,
          maxScore: 10,
          attempts: 1,
          timeSpentMs: 60_000,
        },
      },
    },
    { learnerId: 'l1', displayName: 'émile', sandboxState: null, exercises: { bad: { status: 'weird' } } },
  ],
})!;

describe('grid view', () => {
  it('parses the grid and drops malformed cells', () => {
    expect(GRID.rows[1]!.exercises).toEqual({});
    expect(sortedRows(GRID).map((r) => r.displayName)).toEqual(['émile', 'Zoé']);
  });

  it('describes cells for eyes and screen readers', () => {
    const row = GRID.rows[0]!;
    expect(cellView(row.exercises['04-pods/premier-pod'])).toEqual({
      mark: '✓',
      text: '10/10',
      label: 'réussi, score 10/10, 2 vérifications, 12 min',
      status: 'passed',
    });
    expect(cellView(row.exercises['05-controleurs/mettre-a-l-echelle']).label).toBe(
      'vérifié, pas encore réussi, score 2,5/10, 1 vérification, 1 min',
    );
    expect(cellView(undefined)).toEqual({
      mark: '·',
      text: '',
      label: 'pas commencé',
      status: 'not-started',
    });
  });

  it('totals a row', () => {
    expect(
      rowTotals(
        GRID.rows[0]!,
        GRID.exercises.map((e) => e.id),
      ),
    ).toEqual({ passed: 1, score: 12.5, maxScore: 20 });
  });

  it('labels sandbox states, durations and join codes', () => {
    expect(sandboxLabel('sleeping')).toBe('en veille');
    expect(sandboxLabel(null)).toBe('pas de sandbox');
    expect(formatDuration(59)).toBe('0 min');
    expect(formatDuration(3_900)).toBe('1 h 05');
    expect(formatJoinCode(' k7q2mx ')).toBe('K7Q 2MX');
    expect(formatJoinCode('AB12')).toBe('AB12');
  });
});
