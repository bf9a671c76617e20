/**
 * ExerciseViews turns the catalogue and a learner's recorded progress into the JSON the pages read
 * (ExerciseItem): status in French terms, best score, attempts, hints and solution revealed.
 */
import type { ExerciseCatalogue, ExerciseInfo } from '../sandboxes/exercises';
import type { ProgressDetail, WorkshopStore } from '../workshops/store';
import { type CheckReport, maxScoreOf } from './grading';

export type ExerciseStatus = 'a-faire' | 'en-cours' | 'reussi';

export interface ExerciseItem {
  id: string;
  chapter: string;
  slug: string;
  title: string;
  minutes: number;
  level: string;
  objectives: string[];
  status: ExerciseStatus;
  score: number | null;
  maxScore: number;
  attempts: number;
  hintsRevealed: number;
  hintsTotal: number;
  solutionRevealed: boolean;
}

export class ExerciseViews {
  private readonly maxScores = new Map<string, Promise<number>>();

  constructor(
    readonly catalogue: ExerciseCatalogue,
    private readonly store: WorkshopStore,
  ) {}

  /** items lists every exercise in course order with the learner's progress (none without a learner). */
  async items(learnerId: string | undefined): Promise<ExerciseItem[]> {
    const details = learnerId ? await this.store.detailsOf(learnerId) : new Map<string, ProgressDetail>();
    return Promise.all(this.catalogue.exercises().map((e) => this.item(e, details.get(e.id))));
  }

  /** itemOf is one exercise with the learner's progress. */
  async itemOf(learnerId: string | undefined, info: ExerciseInfo): Promise<ExerciseItem> {
    return this.item(info, learnerId ? await this.store.detailOf(learnerId, info.id) : undefined);
  }

  /** withHistory adds the last graded report and the time spent (instructor's learner view). */
  async history(learnerId: string) {
    const details = await this.store.detailsOf(learnerId);
    return Promise.all(
      this.catalogue.exercises().map(async (e) => {
        const detail = details.get(e.id);
        return {
          ...(await this.item(e, detail)),
          lastCheck: detail?.lastCheck ? (JSON.parse(detail.lastCheck) as CheckReport) : null,
          timeSpentSeconds: Math.round((detail?.timeSpentMs ?? 0) / 1000),
        };
      }),
    );
  }

  /** maxScore is the exercise's full score (its grader is loaded once). */
  maxScore(exerciseId: string): Promise<number> {
    let pending = this.maxScores.get(exerciseId);
    if (!pending) {
      pending = this.catalogue.grader(exerciseId).then(maxScoreOf);
      this.maxScores.set(exerciseId, pending);
      pending.catch(() => this.maxScores.delete(exerciseId));
    }
    return pending;
  }

  private async item(e: ExerciseInfo, detail: ProgressDetail | undefined): Promise<ExerciseItem> {
    const status: ExerciseStatus =
      !detail || detail.status === 'not-started'
        ? 'a-faire'
        : detail.status === 'passed'
          ? 'reussi'
          : 'en-cours';
    return {
      id: e.id,
      chapter: e.chapter,
      slug: e.slug,
      title: e.title,
      minutes: e.minutes,
      level: e.level,
      objectives: e.objectives,
      status,
      score: detail && detail.attempts > 0 ? detail.score : null,
      maxScore: await this.maxScore(e.id),
      attempts: detail?.attempts ?? 0,
      hintsRevealed: Math.min(detail?.hintsRevealed ?? 0, e.hints.length),
      hintsTotal: e.hints.length,
      solutionRevealed: detail?.solutionRevealed ?? false,
    };
  }
}
