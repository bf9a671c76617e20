/**
 * WorkshopStore keeps workshops, their members and the learners' exercise progress in the platform
 * database, and publishes each change on WorkshopEvents. The grading issue records attempts through
 * recordAttempt; the instructor API reads the roster, the grid and the CSV export.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/platform-db';
import { randomId } from '../identity/signed-token';
import { toCsv } from './csv';
import type { WorkshopEvents } from './event-bus';

/** CODE_ALPHABET has no look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B): codes are read aloud and copied by hand. */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const CODE_LENGTH = 6;

/** generateCode returns a random workshop code of 6 characters from CODE_ALPHABET. */
export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return code;
}

/** normaliseCode turns what a learner typed into a code (case and spaces ignored). */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export interface Workshop {
  id: string;
  code: string;
  title: string;
  createdAt: number;
}

export interface Member {
  learnerId: string;
  displayName: string;
  joinedAt: number;
  sandboxId: string | null;
  sandboxState: string | null;
}

/** ProgressStatus is a learner's status on one exercise. */
export type ProgressStatus = 'not-started' | 'started' | 'passed' | 'failed' | 'revealed';

export interface Progress {
  exerciseId: string;
  status: ProgressStatus;
  score: number;
  maxScore: number;
  attempts: number;
  timeSpentMs: number;
}

/** GridRow is one learner's line of the live grid. */
export interface GridRow {
  learnerId: string;
  displayName: string;
  sandboxState: string | null;
  exercises: Record<string, Progress>;
}

/** ExerciseSummary names an exercise (the exercises issue provides the catalogue). */
export interface ExerciseSummary {
  id: string;
  title: string;
}

/** ProgressDetail is a learner's full record on one exercise (exercise pages, instructor's learner view). */
export interface ProgressDetail extends Progress {
  hintsRevealed: number;
  solutionRevealed: boolean;
  /** JSON of the last graded check report (attempts only, not continuous checks), or null. */
  lastCheck: string | null;
}

interface ProgressRow {
  learner_id: string;
  exercise_id: string;
  status: ProgressStatus;
  score: number;
  max_score: number;
  attempts: number;
  time_spent_ms: number;
  started_at: number | null;
  hints_revealed: number;
  solution_revealed: number;
  last_check: string | null;
}

export class WorkshopStore {
  constructor(
    private readonly db: Db,
    private readonly events: WorkshopEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** create makes a workshop with a fresh unique code. */
  async create(title: string): Promise<Workshop> {
    const workshop = { id: randomId(9), code: '', title, createdAt: this.now() };
    // 25^6 ≈ 244 million codes: a collision is rare, retrying on one is enough.
    for (;;) {
      workshop.code = generateCode();
      try {
        await this.db.run('INSERT INTO workshops (id, code, title, created_at) VALUES (?, ?, ?, ?)', [
          workshop.id,
          workshop.code,
          title,
          workshop.createdAt,
        ]);
        return workshop;
      } catch (err) {
        if (!isUniqueViolation(err, 'code')) throw err;
      }
    }
  }

  async list(): Promise<Workshop[]> {
    return (await this.db.all<WorkshopRow>('SELECT * FROM workshops ORDER BY created_at DESC')).map(
      toWorkshop,
    );
  }

  async get(id: string): Promise<Workshop | undefined> {
    const row = await this.db.get<WorkshopRow>('SELECT * FROM workshops WHERE id = ?', [id]);
    return row ? toWorkshop(row) : undefined;
  }

  async byCode(typed: string): Promise<Workshop | undefined> {
    const row = await this.db.get<WorkshopRow>('SELECT * FROM workshops WHERE code = ?', [
      normaliseCode(typed),
    ]);
    return row ? toWorkshop(row) : undefined;
  }

  /** join adds a learner to a workshop (joining again renames them). */
  async join(workshop: Workshop, learnerId: string, displayName: string): Promise<Member> {
    const now = this.now();
    await this.db.run(
      `INSERT INTO workshop_members (workshop_id, learner_id, display_name, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workshop_id, learner_id) DO UPDATE SET display_name = excluded.display_name`,
      [workshop.id, learnerId, displayName, now],
    );
    this.events.publish(workshop.id, { type: 'member-joined', learnerId, displayName });
    return (await this.member(workshop.id, learnerId))!;
  }

  /** member returns one member of a workshop with their sandbox, or undefined. */
  async member(workshopId: string, learnerId: string): Promise<Member | undefined> {
    return (await this.roster(workshopId)).find((m) => m.learnerId === learnerId);
  }

  /** roster lists the members in joining order, with their sandbox and its state. */
  async roster(workshopId: string): Promise<Member[]> {
    const rows = await this.db.all<{
      learner_id: string;
      display_name: string;
      joined_at: number;
      sandbox_id: string | null;
      sandbox_state: string | null;
    }>(
      `SELECT m.learner_id, m.display_name, m.joined_at, s.id AS sandbox_id, s.state AS sandbox_state
       FROM workshop_members m LEFT JOIN sandboxes s ON s.learner_id = m.learner_id
       WHERE m.workshop_id = ? ORDER BY m.joined_at, m.display_name`,
      [workshopId],
    );
    return rows.map((r) => ({
      learnerId: r.learner_id,
      displayName: r.display_name,
      joinedAt: r.joined_at,
      sandboxId: r.sandbox_id,
      sandboxState: r.sandbox_state,
    }));
  }

  /** workshopsOf lists the workshops a learner belongs to (live updates go to each). */
  async workshopsOf(learnerId: string): Promise<string[]> {
    const rows = await this.db.all<{ workshop_id: string }>(
      'SELECT workshop_id FROM workshop_members WHERE learner_id = ?',
      [learnerId],
    );
    return rows.map((r) => r.workshop_id);
  }

  /** markStarted records that a learner started an exercise (status started unless already graded). */
  async markStarted(learnerId: string, exerciseId: string): Promise<void> {
    const now = this.now();
    await this.db.run(
      `INSERT INTO exercise_progress (learner_id, exercise_id, status, started_at, updated_at)
       VALUES (?, ?, 'started', ?, ?)
       ON CONFLICT (learner_id, exercise_id) DO UPDATE SET started_at = excluded.started_at,
         updated_at = excluded.updated_at,
         status = CASE WHEN exercise_progress.status = 'not-started' THEN 'started'
                       ELSE exercise_progress.status END`,
      [learnerId, exerciseId, now, now],
    );
    await this.publishProgress(learnerId, exerciseId);
  }

  /**
   * recordAttempt records a grader run: one more attempt, the best score kept, status passed once
   * passed, and the time since the exercise was (re)started added to the time spent.
   */
  async recordAttempt(
    learnerId: string,
    exerciseId: string,
    result: { score: number; maxScore: number; passed: boolean },
    /** The check report (JSON) kept as the exercise's last check. */
    report: string | null = null,
  ): Promise<Progress> {
    // Read-modify-write in one serializable transaction: two attempts at once (two tabs, two replicas)
    // both count, and neither overwrites the other's best score.
    await this.db.transaction(async (tx) => {
      const now = this.now();
      const current = await tx.get<ProgressRow>(
        'SELECT * FROM exercise_progress WHERE learner_id = ? AND exercise_id = ?',
        [learnerId, exerciseId],
      );
      const spent = current?.started_at != null ? Math.max(0, now - current.started_at) : 0;
      const status: ProgressStatus =
        current?.status === 'passed' || result.passed
          ? 'passed'
          : current?.status === 'revealed'
            ? 'revealed'
            : 'failed';
      await tx.run(
        `INSERT INTO exercise_progress
           (learner_id, exercise_id, status, score, max_score, attempts, time_spent_ms, started_at, updated_at,
            last_check)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (learner_id, exercise_id) DO UPDATE SET status = excluded.status, score = excluded.score,
           max_score = excluded.max_score, attempts = excluded.attempts, time_spent_ms = excluded.time_spent_ms,
           started_at = excluded.started_at, updated_at = excluded.updated_at,
           last_check = COALESCE(excluded.last_check, exercise_progress.last_check)`,
        [
          learnerId,
          exerciseId,
          status,
          Math.max(current?.score ?? 0, result.score),
          result.maxScore,
          (current?.attempts ?? 0) + 1,
          (current?.time_spent_ms ?? 0) + spent,
          // The clock restarts at each attempt so time is never counted twice.
          now,
          now,
          report,
        ],
      );
    });
    await this.publishProgress(learnerId, exerciseId);
    return toProgress((await this.rowOf(learnerId, exerciseId))!);
  }

  /**
   * revealHint reveals one more hint of an exercise (at most `total`) and returns how many are revealed.
   * Revealing does not change the status: a hint is help, not an answer.
   */
  async revealHint(learnerId: string, exerciseId: string, total: number): Promise<number> {
    const now = this.now();
    await this.db.run(
      `INSERT INTO exercise_progress (learner_id, exercise_id, status, started_at, updated_at, hints_revealed)
       VALUES (?, ?, 'started', ?, ?, ?)
       ON CONFLICT (learner_id, exercise_id) DO UPDATE SET updated_at = excluded.updated_at,
         hints_revealed = CASE WHEN exercise_progress.hints_revealed < ? THEN exercise_progress.hints_revealed + 1
                               ELSE ? END,
         status = CASE WHEN exercise_progress.status = 'not-started' THEN 'started'
                       ELSE exercise_progress.status END`,
      [learnerId, exerciseId, now, now, Math.min(1, total), total, total],
    );
    await this.publishProgress(learnerId, exerciseId);
    return (await this.detailOf(learnerId, exerciseId))?.hintsRevealed ?? 0;
  }

  /** revealSolution records that the learner displayed the solution (status revealed unless already passed). */
  async revealSolution(learnerId: string, exerciseId: string): Promise<void> {
    const now = this.now();
    await this.db.run(
      `INSERT INTO exercise_progress (learner_id, exercise_id, status, started_at, updated_at, solution_revealed)
       VALUES (?, ?, 'revealed', ?, ?, 1)
       ON CONFLICT (learner_id, exercise_id) DO UPDATE SET updated_at = excluded.updated_at,
         solution_revealed = 1,
         status = CASE WHEN exercise_progress.status = 'passed' THEN 'passed' ELSE 'revealed' END`,
      [learnerId, exerciseId, now, now],
    );
    await this.publishProgress(learnerId, exerciseId);
  }

  /** detailsOf returns a learner's full progress records by exercise id. */
  async detailsOf(learnerId: string): Promise<Map<string, ProgressDetail>> {
    const rows = await this.db.all<ProgressRow>('SELECT * FROM exercise_progress WHERE learner_id = ?', [
      learnerId,
    ]);
    return new Map(rows.map((r) => [r.exercise_id, toDetail(r)]));
  }

  /** detailOf returns a learner's full progress record on one exercise, or undefined. */
  async detailOf(learnerId: string, exerciseId: string): Promise<ProgressDetail | undefined> {
    const row = await this.rowOf(learnerId, exerciseId);
    return row ? toDetail(row) : undefined;
  }

  /** progressOf lists a learner's progress rows. */
  async progressOf(learnerId: string): Promise<Progress[]> {
    const rows = await this.db.all<ProgressRow>(
      'SELECT * FROM exercise_progress WHERE learner_id = ? ORDER BY exercise_id',
      [learnerId],
    );
    return rows.map(toProgress);
  }

  /**
   * grid returns the live grid: one row per member, one cell per exercise of the catalogue plus any
   * exercise a member has progress on (so nothing recorded is hidden).
   */
  async grid(
    workshopId: string,
    catalogue: readonly ExerciseSummary[],
  ): Promise<{ exercises: ExerciseSummary[]; rows: GridRow[] }> {
    const members = await this.roster(workshopId);
    const rows = await this.db.all<ProgressRow>(
      `SELECT p.* FROM exercise_progress p JOIN workshop_members m ON m.learner_id = p.learner_id
       WHERE m.workshop_id = ?`,
      [workshopId],
    );
    const exercises = [...catalogue];
    const known = new Set(exercises.map((e) => e.id));
    for (const id of [...new Set(rows.map((r) => r.exercise_id))].sort()) {
      if (!known.has(id)) exercises.push({ id, title: id });
    }
    const empty = (exerciseId: string): Progress => ({
      exerciseId,
      status: 'not-started',
      score: 0,
      maxScore: 0,
      attempts: 0,
      timeSpentMs: 0,
    });
    return {
      exercises,
      rows: members.map((m) => {
        const cells: Record<string, Progress> = {};
        for (const e of exercises) cells[e.id] = empty(e.id);
        for (const r of rows) if (r.learner_id === m.learnerId) cells[r.exercise_id] = toProgress(r);
        return {
          learnerId: m.learnerId,
          displayName: m.displayName,
          sandboxState: m.sandboxState,
          exercises: cells,
        };
      }),
    };
  }

  /** gradesCsv exports the grid for a spreadsheet: one line per learner and exercise, French headers. */
  async gradesCsv(workshopId: string, catalogue: readonly ExerciseSummary[]): Promise<string> {
    const { exercises, rows } = await this.grid(workshopId, catalogue);
    const status: Record<ProgressStatus, string> = {
      'not-started': 'non commencé',
      started: 'en cours',
      passed: 'réussi',
      failed: 'échoué',
      revealed: 'solution affichée',
    };
    const lines: (string | number)[][] = [
      [
        'Apprenant',
        'Exercice',
        'Titre',
        'Statut',
        'Score',
        'Score maximal',
        'Tentatives',
        'Temps passé (min)',
      ],
    ];
    for (const row of rows) {
      for (const e of exercises) {
        const p = row.exercises[e.id];
        lines.push([
          row.displayName,
          e.id,
          e.title,
          status[p.status],
          p.score,
          p.maxScore,
          p.attempts,
          Math.round(p.timeSpentMs / 6000) / 10,
        ]);
      }
    }
    return toCsv(lines);
  }

  private rowOf(learnerId: string, exerciseId: string): Promise<ProgressRow | undefined> {
    return this.db.get<ProgressRow>(
      'SELECT * FROM exercise_progress WHERE learner_id = ? AND exercise_id = ?',
      [learnerId, exerciseId],
    );
  }

  private async publishProgress(learnerId: string, exerciseId: string): Promise<void> {
    for (const workshopId of await this.workshopsOf(learnerId)) {
      this.events.publish(workshopId, { type: 'progress', learnerId, exerciseId });
    }
  }
}

interface WorkshopRow {
  id: string;
  code: string;
  title: string;
  created_at: number;
}

function toWorkshop(row: WorkshopRow): Workshop {
  return { id: row.id, code: row.code, title: row.title, createdAt: row.created_at };
}

function toProgress(row: ProgressRow): Progress {
  return {
    exerciseId: row.exercise_id,
    status: row.status,
    score: row.score,
    maxScore: row.max_score,
    attempts: row.attempts,
    timeSpentMs: row.time_spent_ms,
  };
}

function toDetail(row: ProgressRow): ProgressDetail {
  return {
    ...toProgress(row),
    hintsRevealed: row.hints_revealed,
    solutionRevealed: row.solution_revealed === 1,
    lastCheck: row.last_check,
  };
}
