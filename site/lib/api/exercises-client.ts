/**
 * ExercisesClient: the learner's exercise routes of the platform (list, detail, start, check, hints,
 * solution) and the URL of the continuous-check stream.
 */
import {
  type CheckReport,
  type ExerciseDetail,
  type ExerciseItem,
  type HintsResult,
  parseCheckReport,
  parseExerciseDetail,
  parseExerciseItem,
  parseExerciseList,
  parseHints,
  parseSandboxJson,
  parseSolution,
  type Sandbox,
  type Solution,
} from './contract';
import { type ApiResult, type FetchLike, requestJson, segment } from './http';

/** exercisePath turns "04-pods/premier-pod" into "04-pods/premier-pod" with each part encoded. */
export function exercisePath(id: string): string {
  return id.split('/').map(segment).join('/');
}

export class ExercisesClient {
  constructor(private readonly fetchFn: FetchLike) {}

  list(): Promise<ApiResult<ExerciseItem[]>> {
    return requestJson(this.fetchFn, '/api/exercises', {}, parseExerciseList);
  }

  detail(id: string): Promise<ApiResult<ExerciseDetail>> {
    return requestJson(this.fetchFn, `/api/exercises/${exercisePath(id)}`, {}, parseExerciseDetail);
  }

  start(sandboxId: string, id: string): Promise<ApiResult<{ sandbox: Sandbox; exercise: ExerciseItem }>> {
    return requestJson(this.fetchFn, `${base(sandboxId, id)}/start`, { method: 'POST' }, (v) => {
      const o = v as { sandbox?: unknown; exercise?: unknown } | undefined;
      const sandbox = parseSandboxJson(o?.sandbox);
      const exercise = parseExerciseItem(o?.exercise);
      return sandbox && exercise ? { sandbox, exercise } : undefined;
    });
  }

  check(sandboxId: string, id: string): Promise<ApiResult<CheckReport>> {
    return requestJson(this.fetchFn, `${base(sandboxId, id)}/check`, { method: 'POST' }, parseCheckReport);
  }

  nextHint(sandboxId: string, id: string): Promise<ApiResult<HintsResult>> {
    return requestJson(this.fetchFn, `${base(sandboxId, id)}/hints`, { method: 'POST' }, parseHints);
  }

  solution(sandboxId: string, id: string): Promise<ApiResult<Solution>> {
    return requestJson(this.fetchFn, `${base(sandboxId, id)}/solution`, { method: 'POST' }, parseSolution);
  }

  /** eventsUrl is the continuous-check stream (`event: check`) of an exercise on a sandbox. */
  eventsUrl(sandboxId: string, id: string): string {
    return `${base(sandboxId, id)}/events`;
  }
}

function base(sandboxId: string, id: string): string {
  return `/api/sandboxes/${segment(sandboxId)}/exercises/${exercisePath(id)}`;
}
