/**
 * InstructorClient: the instructor's routes (session cookie, workshops, roster, live grid, a learner's
 * detail, reset and extend) and the learner's join route. Instructor routes accept the signed cookie set by
 * `POST /api/instructor/session`, so the pages never keep the token.
 */
import {
  type CheckReport,
  type ExerciseItem,
  parseCheckReport,
  parseExerciseItem,
  parseSandboxJson,
  type Sandbox,
} from './contract';
import { type ApiResult, type FetchLike, requestJson, segment } from './http';

export interface Workshop {
  id: string;
  code: string;
  title: string;
  createdAt: string;
}

export interface Member {
  learnerId: string;
  displayName: string;
  joinedAt: string;
  sandboxId: string | null;
  sandboxState: string | null;
}

/** ProgressStatus is a grid cell's state (sandbox-server's ProgressSchema). */
export type ProgressStatus = 'not-started' | 'started' | 'passed' | 'failed' | 'revealed';

export interface Progress {
  exerciseId: string;
  status: ProgressStatus;
  score: number;
  maxScore: number;
  attempts: number;
  timeSpentMs: number;
}

export interface Grid {
  exercises: { id: string; title: string }[];
  rows: {
    learnerId: string;
    displayName: string;
    sandboxState: string | null;
    exercises: Record<string, Progress>;
  }[];
}

export interface LearnerExercise extends ExerciseItem {
  lastCheck: CheckReport | null;
  timeSpentSeconds: number;
}

export interface LearnerDetail {
  learner: { id: string; displayName: string; joinedAt: string };
  sandbox: Sandbox | null;
  exercises: LearnerExercise[];
}

export interface JoinResult {
  workshopId: string;
  title: string;
  displayName: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function parseWorkshop(v: unknown): Workshop | undefined {
  if (!isObj(v) || !s(v.id) || !s(v.code)) return undefined;
  return { id: s(v.id)!, code: s(v.code)!, title: s(v.title) ?? '', createdAt: s(v.createdAt) ?? '' };
}

function parseMember(v: unknown): Member | undefined {
  if (!isObj(v) || !s(v.learnerId)) return undefined;
  return {
    learnerId: s(v.learnerId)!,
    displayName: s(v.displayName) ?? '',
    joinedAt: s(v.joinedAt) ?? '',
    sandboxId: s(v.sandboxId) ?? null,
    sandboxState: s(v.sandboxState) ?? null,
  };
}

const PROGRESS: readonly ProgressStatus[] = ['not-started', 'started', 'passed', 'failed', 'revealed'];

function parseProgress(v: unknown): Progress | undefined {
  if (!isObj(v) || !PROGRESS.includes(v.status as ProgressStatus)) return undefined;
  return {
    exerciseId: s(v.exerciseId) ?? '',
    status: v.status as ProgressStatus,
    score: n(v.score),
    maxScore: n(v.maxScore),
    attempts: n(v.attempts),
    timeSpentMs: n(v.timeSpentMs),
  };
}

export function parseGrid(v: unknown): Grid | undefined {
  if (!isObj(v) || !Array.isArray(v.exercises) || !Array.isArray(v.rows)) return undefined;
  return {
    exercises: v.exercises.flatMap((e) =>
      isObj(e) && s(e.id) ? [{ id: s(e.id)!, title: s(e.title) ?? s(e.id)! }] : [],
    ),
    rows: v.rows.flatMap((r) => {
      if (!isObj(r) || !s(r.learnerId)) return [];
      const cells = isObj(r.exercises) ? r.exercises : {};
      return [
        {
          learnerId: s(r.learnerId)!,
          displayName: s(r.displayName) ?? '',
          sandboxState: s(r.sandboxState) ?? null,
          exercises: Object.fromEntries(
            Object.entries(cells).flatMap(([id, p]) => {
              const progress = parseProgress(p);
              return progress ? [[id, progress]] : [];
            }),
          ),
        },
      ];
    }),
  };
}

export function parseLearnerDetail(v: unknown): LearnerDetail | undefined {
  if (!isObj(v) || !isObj(v.learner) || !s(v.learner.id) || !Array.isArray(v.exercises)) return undefined;
  return {
    learner: {
      id: s(v.learner.id)!,
      displayName: s(v.learner.displayName) ?? '',
      joinedAt: s(v.learner.joinedAt) ?? '',
    },
    sandbox: parseSandboxJson(v.sandbox) ?? null,
    exercises: v.exercises.flatMap((e) => {
      const item = parseExerciseItem(e);
      if (!item || !isObj(e)) return [];
      return [
        {
          ...item,
          lastCheck: parseCheckReport(e.lastCheck) ?? null,
          timeSpentSeconds: n(e.timeSpentSeconds),
        },
      ];
    }),
  };
}

const none = (): true => true;

export class InstructorClient {
  constructor(private readonly fetchFn: FetchLike) {}

  /** session tells whether the browser holds a valid instructor cookie. */
  async session(): Promise<ApiResult<boolean>> {
    const result = await requestJson(this.fetchFn, '/api/instructor/session', {}, (v) =>
      isObj(v) && v.instructor === true ? true : undefined,
    );
    if (!result.ok && result.status === 401) return { ok: true, value: false };
    return result;
  }

  signIn(token: string): Promise<ApiResult<true>> {
    return requestJson(
      this.fetchFn,
      '/api/instructor/session',
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
      none,
    );
  }

  signOut(): Promise<ApiResult<true>> {
    return requestJson(this.fetchFn, '/api/instructor/session', { method: 'DELETE' }, none);
  }

  workshops(): Promise<ApiResult<Workshop[]>> {
    return requestJson(this.fetchFn, '/api/workshops', {}, (v) =>
      Array.isArray(v) ? v.map(parseWorkshop).filter((w): w is Workshop => !!w) : undefined,
    );
  }

  create(title: string): Promise<ApiResult<Workshop>> {
    return requestJson(this.fetchFn, '/api/workshops', { method: 'POST', body: { title } }, parseWorkshop);
  }

  roster(id: string): Promise<ApiResult<{ workshop: Workshop; members: Member[] }>> {
    return requestJson(this.fetchFn, `/api/workshops/${segment(id)}`, {}, (v) => {
      if (!isObj(v)) return undefined;
      const workshop = parseWorkshop(v.workshop);
      if (!workshop || !Array.isArray(v.members)) return undefined;
      return { workshop, members: v.members.map(parseMember).filter((m): m is Member => !!m) };
    });
  }

  grid(id: string): Promise<ApiResult<Grid>> {
    return requestJson(this.fetchFn, `/api/workshops/${segment(id)}/grid`, {}, parseGrid);
  }

  learner(id: string, learnerId: string): Promise<ApiResult<LearnerDetail>> {
    return requestJson(this.fetchFn, learnerPath(id, learnerId), {}, parseLearnerDetail);
  }

  reset(id: string, learnerId: string, exerciseId?: string): Promise<ApiResult<Sandbox>> {
    return requestJson(
      this.fetchFn,
      `${learnerPath(id, learnerId)}/reset`,
      { method: 'POST', body: exerciseId ? { exerciseId } : {} },
      parseSandboxJson,
    );
  }

  extend(id: string, learnerId: string, hours: number): Promise<ApiResult<Sandbox>> {
    return requestJson(
      this.fetchFn,
      `${learnerPath(id, learnerId)}/extend`,
      { method: 'POST', body: { hours } },
      parseSandboxJson,
    );
  }

  /** join is the learner's side: code and display name (the learner cookie identifies them). */
  join(code: string, displayName: string): Promise<ApiResult<JoinResult>> {
    return requestJson(this.fetchFn, '/api/join', { method: 'POST', body: { code, displayName } }, (v) =>
      isObj(v) && s(v.workshopId)
        ? { workshopId: s(v.workshopId)!, title: s(v.title) ?? '', displayName: s(v.displayName) ?? '' }
        : undefined,
    );
  }

  csvUrl(id: string): string {
    return `/api/workshops/${segment(id)}/grades.csv`;
  }

  eventsUrl(id: string): string {
    return `/api/workshops/${segment(id)}/events`;
  }

  terminalPath(id: string, learnerId: string): string {
    return `${learnerPath(id, learnerId)}/terminal`;
  }
}

function learnerPath(id: string, learnerId: string): string {
  return `/api/workshops/${segment(id)}/learners/${segment(learnerId)}`;
}
