/**
 * The users of the security lessons inside every sandbox: `alice` (group `developpeurs`) and `bob` (group
 * `lecteurs`), authenticated by bearer token like the users of kube-apiserver's `--token-auth-file`.
 * They have no rights until the learner binds them a role, so `kubectl --context alice get pods` answers
 * Forbidden first, as in the lessons. Their tokens are per sandbox and unguessable: like the learner's
 * own kubectl token, each is `lesson-user.<sandbox>.<user>` signed with the server's session secret, so
 * nothing secret is stored, a token of one sandbox is refused by every other, and rotating the session
 * secret revokes them all.
 */
import type { StaticUser } from '../../../mini-k8s/src/cmd/control-plane';
import { sign, verify } from './signed-token';

/** LessonUser is a user of the lessons: its name and groups (token aside). */
export interface LessonUser {
  name: string;
  groups: string[];
}

/** LESSON_USERS are the lesson users every sandbox knows. */
export const LESSON_USERS: readonly LessonUser[] = [
  { name: 'alice', groups: ['developpeurs'] },
  { name: 'bob', groups: ['lecteurs'] },
];

const PREFIX = 'lesson-user';

/** lessonUserToken is the bearer token of `user` in one sandbox. */
export function lessonUserToken(secret: string, sandboxId: string, user: string): string {
  return sign(secret, `${PREFIX}.${sandboxId}.${user}`);
}

/** lessonUsers are the sandbox's lesson users with their tokens, as its cluster authenticates them. */
export function lessonUsers(secret: string, sandboxId: string): StaticUser[] {
  return LESSON_USERS.map((u) => ({
    name: u.name,
    groups: [...u.groups],
    token: lessonUserToken(secret, sandboxId, u.name),
  }));
}

/** sandboxOfLessonToken returns the sandbox a lesson user's token belongs to (undefined when forged). */
export function sandboxOfLessonToken(secret: string, token: string): string | undefined {
  const payload = verify(secret, token);
  if (!payload?.startsWith(`${PREFIX}.`)) return undefined;
  const rest = payload.slice(PREFIX.length + 1);
  const dot = rest.lastIndexOf('.');
  if (dot <= 0 || !LESSON_USERS.some((u) => u.name === rest.slice(dot + 1))) return undefined;
  return rest.slice(0, dot);
}
