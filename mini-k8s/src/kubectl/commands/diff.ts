/**
 * `kubectl diff -f FILENAME`: for each object, the live version (LIVE) against what applying it would give
 * (MERGED: a dry-run create, a dry-run three-way strategic merge patch, or with --server-side a dry-run apply
 * patch), both as YAML, compared as kubectl 1.32 does with `diff -u -N` on two temporary directories. The
 * comparison is diff-gnu.ts (GNU diff's output); KUBECTL_EXTERNAL_DIFF may name `diff` with its options.
 * Exit codes: 0 no differences, 1 differences, >1 an error (kubectl's CheckDiffErr adds one to the code).
 */
import type { KubeObject } from '../../api/object';
import { parseLabelSelector } from '../../machinery/labels';
import { isConflict, isNotFound } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, formatError, klogWarning, UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { createThreeWayMergePatch } from '../apply/three-way-patch';
import { loadPatchSchema, PatchSchema } from '../apply/patch-schema';
import { toGoYaml } from '../printers/go-yaml';
import { readManifests } from '../resource-builder/manifests';
import { type ObjectInfo, refOf, toInfo } from '../resource-builder/objects';
import { LAST_APPLIED } from './apply';
import { type DiffFile, unifiedDiff } from './diff-gnu';
import { EXTRA_HELP } from './help-texts-extra';

const MAX_RETRIES = 4;

/** DiffProgram is the `diff` kubectl runs: its name and the options GNU diff would get. */
interface DiffProgram {
  name: string;
  args: string[];
}

/**
 * diffProgram is DiffProgram.getCommand: KUBECTL_EXTERNAL_DIFF's first word and those of its other words
 * made only of `[a-zA-Z0-9-=]`, else `diff -u -N`.
 */
function diffProgram(env: Record<string, string> | undefined): DiffProgram {
  const external = env?.KUBECTL_EXTERNAL_DIFF;
  if (!external) return { name: 'diff', args: ['-u', '-N'] };
  const [name, ...rest] = external.split(' ');
  return { name, args: rest.filter((a) => /^[a-zA-Z0-9-=]+$/.test(a)) };
}

/** diffOptions reads the GNU diff options this shell's built-in diff understands (unified output only). */
function diffOptions(program: DiffProgram): { context: number } | string {
  let unified: number | undefined;
  for (const arg of program.args) {
    const u = /^(?:-U|--unified=)(\d+)$/.exec(arg) ?? /^-(\d+)u$/.exec(arg);
    // Like GNU diff, several context options keep the largest.
    if (arg === '-u' || arg === '--unified') unified = Math.max(unified ?? 0, 3);
    else if (u) unified = Math.max(unified ?? 0, Number(u[1]));
    else if (!['-N', '--new-file', '-a', '--text'].includes(arg)) return arg;
  }
  return unified === undefined ? '(without -u)' : { context: unified };
}

/** objectName is InfoObject.Name: `[group.]version.Kind.namespace.name`, the file name in both directories. */
function objectName(info: ObjectInfo): string {
  const group = info.resource.group ? `${info.resource.group}.` : '';
  return `${group}${info.resource.version}.${info.resource.kind}.${info.namespace ?? ''}.${info.name}`;
}

/** maskSecret is the Masker: Secret data values become `***`, or `*** (before)`/`*** (after)` when changed. */
function maskSecret(from: KubeObject | undefined, to: KubeObject | undefined): void {
  const fromData = (from as { data?: Record<string, unknown> } | undefined)?.data;
  const toData = (to as { data?: Record<string, unknown> } | undefined)?.data;
  if (fromData) {
    for (const k of Object.keys(fromData)) {
      if (toData && k in toData) {
        if (fromData[k] !== toData[k]) {
          fromData[k] = '*** (before)';
          toData[k] = '*** (after)';
          continue;
        }
        toData[k] = '***';
      }
      fromData[k] = '***';
    }
  }
  if (toData) for (const k of Object.keys(toData)) if (!fromData || !(k in fromData)) toData[k] = '***';
}

function withoutManagedFields(obj: KubeObject | undefined): KubeObject | undefined {
  if (!obj) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

/** localConfiguration is GetModifiedConfiguration(obj, annotate=false): the object without last-applied. */
function localConfiguration(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  // Like unstructured SetAnnotations, an empty map stays (`annotations: {}`, as in last-applied itself).
  return { ...obj, metadata: { ...obj.metadata, annotations } };
}

/** merged is InfoObject.Merged: what the server would store if the local object were applied. */
async function merged(
  ctx: CommandContext,
  flags: Flags,
  info: ObjectInfo,
  live: KubeObject | undefined,
  force: boolean,
  schemas: Map<string, PatchSchema>,
): Promise<KubeObject> {
  const ref = refOf(info.resource);
  const serverSide = flags.bool('server-side');
  const manager = flags.changed('field-manager')
    ? flags.str('field-manager')
    : serverSide
      ? 'kubectl'
      : 'kubectl-client-side-apply';
  if (serverSide) {
    return (await ctx.client.request('PATCH', ctx.client.path(ref, info.namespace, info.name), {
      body: info.object,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: manager, force: String(flags.bool('force-conflicts')), dryRun: 'All' },
    })) as KubeObject;
  }
  if (!live) {
    const body = { ...info.object, metadata: { ...info.object.metadata } };
    delete body.metadata.resourceVersion;
    return (await ctx.client.request('POST', ctx.client.path(ref, info.namespace), {
      body,
      query: { fieldManager: manager, dryRun: 'All' },
    })) as KubeObject;
  }
  const modified = localConfiguration(info.object);
  const originalText = live.metadata.annotations?.[LAST_APPLIED];
  const original = originalText ? (JSON.parse(originalText) as Record<string, unknown>) : undefined;
  const key = `${info.object.apiVersion}/${info.object.kind}`;
  let schema = schemas.get(key);
  if (!schema) {
    schema =
      (await loadPatchSchema(ctx.client, info.object.apiVersion, info.object.kind).catch(() => undefined)) ??
      PatchSchema.empty();
    schemas.set(key, schema);
  }
  const patch = createThreeWayMergePatch(original, modified as never, live as never, schema) as Record<
    string,
    unknown
  >;
  if (Object.keys(patch).length === 0) return live;
  if (!force) {
    // The patch carries the live resourceVersion: a concurrent change is a conflict (retried).
    const metadata = { ...((patch.metadata as Record<string, unknown>) ?? {}) };
    metadata.resourceVersion = live.metadata.resourceVersion;
    patch.metadata = metadata;
  }
  return (await ctx.client.request('PATCH', ctx.client.path(ref, info.namespace, info.name), {
    body: patch,
    contentType: 'application/strategic-merge-patch+json',
    query: { fieldManager: manager, dryRun: 'All' },
  })) as KubeObject;
}

/** tempDir names a directory as Go's os.MkdirTemp("", prefix+"-") does under /tmp. */
function tempDir(prefix: string): string {
  return `/tmp/${prefix}-${Math.floor(Math.random() * 4294967296)}`;
}

/** fileTime is a file modification time as GNU diff prints it (UTC, nanoseconds). */
function fileTime(now: Date): string {
  const iso = now.toISOString();
  const nanos = `${iso.slice(20, 23)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${nanos} +0000`;
}

/** shellQuote quotes a word of the `diff …` header line as GNU diff does (shell-escape style). */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-.,/:+@%^]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** diffError is an error printed as CheckDiffErr does: kubectl's message, exit code 2. */
function diffError(err: unknown, path: string): ExitError {
  return new ExitError(2, formatError(err, path));
}

export const diffCommand: Command = {
  name: 'diff',
  short: 'Diff the live version against a would-be applied version',
  help: EXTRA_HELP['kubectl diff'],
  flagErrorsAsUsage: 2,
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'server-side', type: 'bool' },
    { name: 'force-conflicts', type: 'bool' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'concurrency', type: 'int', default: 1 },
    { name: 'prune', type: 'bool' },
    { name: 'prune-allowlist', type: 'stringArray' },
  ],
  async run(ctx, flags) {
    const path = ctx.commandPath;
    if (flags.args.length > 0) {
      throw diffError(new UsageError(`Unexpected args: [${flags.args.join(' ')}]`), path);
    }
    if (flags.list('filename').length === 0 && !flags.str('kustomize')) {
      throw diffError(new Error('must specify one of -f and -k'), path);
    }
    if (flags.bool('force-conflicts') && !flags.bool('server-side')) {
      throw diffError(new Error('--force-conflicts only works with --server-side'), path);
    }
    if (flags.str('kustomize')) throw diffError(new Error('kustomize is not available in this shell'), path);
    if (flags.bool('prune')) throw diffError(new Error('--prune is not available in this shell'), path);
    const program = diffProgram(ctx.io.env);
    const options = program.name === 'diff' ? diffOptions(program) : undefined;
    let selector;
    try {
      selector = flags.str('selector') ? parseLabelSelector(flags.str('selector')) : undefined;
    } catch (err) {
      throw diffError(err, path);
    }

    const liveDir = tempDir('LIVE');
    const mergedDir = tempDir('MERGED');
    const files = new Map<string, { from: string; to: string }>();
    const schemas = new Map<string, PatchSchema>();
    try {
      const manifests = await readManifests(ctx, flags.list('filename'), flags.bool('recursive'));
      for (const manifest of manifests) {
        const info = await toInfo(ctx, manifest);
        if (selector && !selector.matches(info.object.metadata.labels)) continue;
        let result: { from?: KubeObject; to: KubeObject } | undefined;
        for (let i = 1; i <= MAX_RETRIES; i++) {
          let live: KubeObject | undefined;
          try {
            live = await ctx.client.get(refOf(info.resource), info.namespace, info.name);
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
          const force = i === MAX_RETRIES;
          if (force) {
            ctx.err(
              klogWarning(
                'diff.go:681',
                `Object (${info.object.apiVersion.includes('/') ? info.object.apiVersion : `/${info.object.apiVersion}`}, Kind=${info.resource.kind}: ${info.name}) keeps changing, diffing without lock`,
              ),
            );
          }
          try {
            result = { from: live, to: await merged(ctx, flags, info, live, force, schemas) };
            break;
          } catch (err) {
            if (!isConflict(err) || force) throw err;
          }
        }
        if (!result) continue;
        let from = result.from && structuredClone(result.from);
        let to = structuredClone(result.to);
        if (!flags.bool('show-managed-fields')) {
          from = withoutManagedFields(from);
          to = withoutManagedFields(to)!;
        }
        if (to.apiVersion === 'v1' && to.kind === 'Secret') maskSecret(from, to);
        if (result.from?.metadata.deletionTimestamp) {
          ctx.err(`Warning: Detected changes to resource ${info.name} which is currently being deleted.\n`);
        }
        files.set(objectName(info), { from: from ? toGoYaml(from) : '', to: toGoYaml(to) });
      }
    } catch (err) {
      throw diffError(err, path);
    }
    if (options === undefined || typeof options === 'string') {
      // Only GNU diff's unified output is built in: another program cannot run in this shell.
      const why =
        options === undefined
          ? 'executable file not found in $PATH'
          : `the built-in diff of this shell does not support the option ${options}`;
      throw diffError(new Error(`failed to run "${program.name}": ${why}`), path);
    }
    const now = new Date();
    let differences = false;
    for (const name of [...files.keys()].sort()) {
      const { from, to } = files.get(name)!;
      const a: DiffFile = { path: `${liveDir}/${name}`, time: fileTime(now), text: from };
      const b: DiffFile = { path: `${mergedDir}/${name}`, time: fileTime(now), text: to };
      const out = unifiedDiff(a, b, options.context);
      if (out === '') continue;
      differences = true;
      ctx.out([program.name, ...program.args, a.path, b.path].map(shellQuote).join(' ') + '\n' + out);
    }
    return differences ? 1 : 0;
  },
};
