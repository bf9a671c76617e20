/**
 * Checks that look inside a running container, as `kubectl exec` does: a file's content (`cat`), an
 * environment variable (`printenv`), and whether a pod can reach a URL (`wget -qO- -T 2`). Exec is a
 * streaming subresource that plain API requests cannot carry, so these checks run the command through the
 * grading context's `streams` (the sandbox's in-process kubelet path, or WebSocket exec for a remote cluster).
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { KubectlStreams } from '../../../mini-k8s/src/kubectl/streams/streams';
import { expectedFound } from '../result';
import {
  type Check,
  type CheckBase,
  type CheckOutcome,
  fail,
  type GradeContext,
  getOrUndefined,
  listObjects,
  makeCheck,
  pass,
  resolveKind,
} from './check';

/** EXEC_CHECK_TIMEOUT_MS is the default time limit of an exec check (a command takes longer than a GET). */
export const EXEC_CHECK_TIMEOUT_MS = 6000;

/** PodTarget picks the pod to exec into: by name, or the newest running pod a label selector selects. */
export interface PodTarget {
  pod?: string;
  selector?: string;
  /** Container name (defaults to the pod's first container). */
  container?: string;
  namespace?: string;
}

interface PodLike extends KubeObject {
  spec?: { containers?: { name: string }[] };
  status?: { phase?: string; containerStatuses?: { name: string; state?: { running?: unknown } }[] };
}

/** ExecResult is what one command printed and how it ended (`error`: it could not run at all). */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode?: number;
  error?: string;
}

/** describeTarget names the pod in messages (`Pod/web` or `Pod app=web`). */
function describeTarget(t: PodTarget): string {
  return t.pod ? `Pod/${t.pod}` : `Pod ${t.selector ?? ''}`.trim();
}

/** findPod resolves the target to a running pod and container, or returns the failure to report. */
async function findPod(
  ctx: GradeContext,
  target: PodTarget,
): Promise<{ pod: PodLike; container: string } | CheckOutcome> {
  let pod: PodLike | undefined;
  if (target.pod) {
    pod = await getOrUndefined<PodLike>(ctx, 'Pod', target.pod, target.namespace);
    if (!pod) return fail(expectedFound(`${describeTarget(target)} présent`, 'aucun objet de ce nom'));
  } else {
    const list = await listObjects<PodLike>(ctx, resolveKind('Pod'), target.namespace ?? ctx.namespace, {
      labelSelector: target.selector ?? '',
    });
    // Newest first: during a rollout the new pods carry the learner's latest change.
    const alive = list.items
      .filter((p) => !p.metadata.deletionTimestamp)
      .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
    pod = alive.find((p) => p.status?.phase === 'Running') ?? alive[0];
    if (!pod) return fail(expectedFound(`un Pod sélectionné par ${target.selector ?? ''}`, 'aucun Pod'));
  }
  const container = target.container ?? pod.spec?.containers?.[0]?.name ?? '';
  const running = pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running;
  if (pod.status?.phase !== 'Running' || !running) {
    return fail(
      expectedFound(
        `conteneur ${container} de Pod/${pod.metadata.name} en cours d'exécution`,
        pod.status?.phase ?? 'Pending',
      ),
    );
  }
  return { pod, container };
}

/** runInPod runs `command` in the container through the context's streams and collects its output. */
export async function runInPod(
  streams: KubectlStreams,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  const outcome = await streams.exec(
    { namespace, pod, container, command, stdin: false, tty: false },
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
  );
  if ('error' in outcome) return { stdout, stderr, error: outcome.error.message };
  return { stdout, stderr, exitCode: outcome.exitCode };
}

/**
 * execCheck is the skeleton of every exec check: resolve the pod, run the command, let `decide` judge the
 * result. Without streams in the context (a grading that cannot exec) the check fails and says why.
 */
function execCheck(
  base: CheckBase,
  target: PodTarget,
  command: string[],
  decide: (result: ExecResult, where: string) => CheckOutcome,
): Check {
  return makeCheck({ timeoutMs: EXEC_CHECK_TIMEOUT_MS, ...base }, async (ctx) => {
    if (!ctx.streams) {
      return fail(
        "Vérification impossible : l'exécution de commandes dans les Pods n'est pas disponible ici",
      );
    }
    const found = await findPod(ctx, target);
    if ('passed' in found) return found;
    const name = found.pod.metadata.name!;
    const result = await runInPod(
      ctx.streams,
      target.namespace ?? ctx.namespace,
      name,
      found.container,
      command,
    );
    if (
      result.error !== undefined &&
      /executable file not found|no such file or directory/i.test(result.error)
    ) {
      // The image lacks the tool (distroless, Debian without wget): say so rather than the runtime's text.
      return fail(
        expectedFound(`la commande ${command[0]} dans le conteneur de Pod/${name}`, "absente de l'image"),
      );
    }
    if (result.error !== undefined) {
      return fail(expectedFound(`« ${command.join(' ')} » exécutée dans Pod/${name}`, result.error));
    }
    return decide(result, `Pod/${name}`);
  });
}

/** firstLine shortens command output for a message (first line, at most 120 characters). */
function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** matches tests text against an exact string (trailing newlines ignored) or a RegExp. */
function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text.replace(/\n+$/, '') === expected : expected.test(text);
}

/** showExpected renders an expected value for a message. */
function showExpected(expected: string | RegExp): string {
  return typeof expected === 'string' ? `« ${expected} »` : `un texte correspondant à ${String(expected)}`;
}

/**
 * decideFile judges `cat <path>`: exit 0 with matching content passes; a missing file or a different
 * content fails with what was found.
 */
export function decideFile(path: string, content: string | RegExp, result: ExecResult, where: string) {
  if (result.exitCode !== 0) {
    const reason = /no such file/i.test(result.stderr)
      ? 'fichier absent'
      : firstLine(result.stderr) || `code de sortie ${result.exitCode}`;
    return fail(expectedFound(`le fichier ${path} dans ${where}`, reason));
  }
  if (!matches(result.stdout, content)) {
    return fail(
      expectedFound(
        `${path} contient ${showExpected(content)}`,
        `« ${firstLine(result.stdout) || '(vide)'} »`,
      ),
    );
  }
  return pass(`${path} lu dans ${where}`);
}

/** fileContains passes when `cat <path>` inside the pod prints `content` (exact text or RegExp). */
export function fileContains(
  base: CheckBase & PodTarget & { path: string; content: string | RegExp },
): Check {
  return execCheck(base, base, ['cat', base.path], (result, where) =>
    decideFile(base.path, base.content, result, where),
  );
}

/** decideEnv judges `printenv <name>`: exit 1 with no output means the variable is not set. */
export function decideEnv(name: string, value: string | RegExp, result: ExecResult, where: string) {
  if (result.exitCode !== 0) {
    return fail(expectedFound(`la variable ${name} dans ${where}`, 'variable absente'));
  }
  if (!matches(result.stdout, value)) {
    return fail(expectedFound(`${name}=${showExpected(value)}`, `« ${result.stdout.replace(/\n+$/, '')} »`));
  }
  return pass(`${name} définie dans ${where}`);
}

/** envVarEquals passes when `printenv <name>` inside the pod prints `value` (exact text or RegExp). */
export function envVarEquals(base: CheckBase & PodTarget & { name: string; value: string | RegExp }): Check {
  return execCheck(base, base, ['printenv', base.name], (result, where) =>
    decideEnv(base.name, base.value, result, where),
  );
}

/** Reachability is what `wget -qO- -T 2 <url>` tells: reached (with the body), unreachable, or unknown. */
export type Reachability =
  | { kind: 'reached'; body: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'unknown'; reason: string };

/**
 * reachability interprets wget's result. Exit 0 is a response; BusyBox wget's stderr tells a name that does
 * not resolve, a refused connection, a timeout or an HTTP error (all « unreachable »); exit 126/127 means the
 * image has no wget, so nothing can be concluded.
 */
export function reachability(result: ExecResult): Reachability {
  if (result.exitCode === 0) return { kind: 'reached', body: result.stdout };
  const err = result.stderr;
  if (
    result.exitCode === 127 ||
    result.exitCode === 126 ||
    /wget: not found|executable file not found/.test(err)
  )
    return { kind: 'unknown', reason: "l'image du conteneur n'a pas wget" };
  if (/bad address/.test(err)) return { kind: 'unreachable', reason: 'nom introuvable (DNS)' };
  if (/Connection refused/i.test(err)) return { kind: 'unreachable', reason: 'connexion refusée' };
  if (/timed out/i.test(err)) return { kind: 'unreachable', reason: 'délai dépassé' };
  const http = /server returned error: (HTTP\/[\d.]+ \d+[^\n]*)/.exec(err);
  if (http) return { kind: 'unreachable', reason: `erreur ${http[1]!.trim()}` };
  return { kind: 'unreachable', reason: firstLine(err) || `code de sortie ${result.exitCode}` };
}

/** ReachOptions name the source pod (`from`) and the URL it fetches. */
export interface ReachOptions {
  from: PodTarget;
  url: string;
  /** podReaches only: the body must match (exact text or RegExp). */
  body?: string | RegExp;
}

const wgetCommand = (url: string) => ['wget', '-qO-', '-T', '2', url];

/** decideReach judges podReaches: a response (whose body matches `body`, if given) passes. */
export function decideReach(
  url: string,
  body: string | RegExp | undefined,
  result: ExecResult,
  where: string,
) {
  const r = reachability(result);
  if (r.kind !== 'reached') return fail(expectedFound(`${where} atteint ${url}`, r.reason));
  if (body !== undefined && !matches(r.body, body)) {
    return fail(expectedFound(`réponse ${showExpected(body)}`, `« ${firstLine(r.body) || '(vide)'} »`));
  }
  return pass(`${where} atteint ${url}`);
}

/** decideNoReach judges podCannotReach: only a definite failure passes (no wget proves nothing). */
export function decideNoReach(url: string, result: ExecResult, where: string) {
  const r = reachability(result);
  if (r.kind === 'reached') return fail(expectedFound(`${where} n'atteint pas ${url}`, 'réponse reçue'));
  if (r.kind === 'unknown') return fail(expectedFound(`${where} n'atteint pas ${url}`, r.reason));
  return pass(`${where} n'atteint pas ${url} (${r.reason})`);
}

/** podReaches passes when `wget -qO- -T 2 <url>` run in the source pod gets an answer. */
export function podReaches(base: CheckBase & ReachOptions): Check {
  return execCheck(base, base.from, wgetCommand(base.url), (result, where) =>
    decideReach(base.url, base.body, result, where),
  );
}

/** podCannotReach passes when `wget -qO- -T 2 <url>` run in the source pod gets no answer. */
export function podCannotReach(base: CheckBase & ReachOptions): Check {
  return execCheck(base, base.from, wgetCommand(base.url), (result, where) =>
    decideNoReach(base.url, result, where),
  );
}
