/**
 * `kubectl edit`: opens the objects as YAML (or JSON with `-o json`) in the editor (`io.editor`: the
 * shell's vi/nano/edit, or $KUBE_EDITOR for the host CLI), then sends the difference as a strategic merge
 * patch (JSON merge patch for custom resources). As kubectl's editoptions.go: an unchanged file is
 * "Edit cancelled, no changes made.", an empty one "Edit cancelled, saved file was empty."; a syntax error
 * or an invalid object reopens the file with the reasons in its header comment, and reopening it without
 * changes ends with "Edit cancelled, no valid changes were saved.".
 */
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/object';
import { isNotFound, StatusError } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { loadPatchSchema, PatchSchema } from '../apply/patch-schema';
import { createTwoWayMergePatch } from '../apply/three-way-patch';
import { toGoJson, toGoJsonCompact } from '../printers/go-json';
import { toGoYaml } from '../printers/go-yaml';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { refOf, toInfo } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { NO_RESOURCES } from './scale';
import { EDIT_HELP } from './help-texts';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Target is one object being edited (resource.Info). */
interface Target {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
}

interface Reason {
  head: string;
  other: string[];
}

export const editCommand: Command = {
  name: 'edit',
  short: 'Edit a resource on the server',
  help: EDIT_HELP,
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'output-patch', type: 'bool' },
    { name: 'windows-line-endings', type: 'bool' },
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string', default: 'kubectl-edit' },
    { name: 'subresource', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'record', type: 'bool' },
  ],
  async run(ctx, flags) {
    const output = flags.str('output') || 'yaml';
    if (output !== 'yaml' && output !== 'json') {
      throw new Error(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: json,yaml`,
      );
    }
    const targets = await collect(ctx, flags);
    if (targets.length === 0) throw new Error('edit cancelled, no objects found');
    const editor = ctx.io.editor;
    if (!editor) throw new Error('no editor is available to edit the resource');
    const first = targets[0];
    const firstString = `${resourceString(first.resource)} ${JSON.stringify(first.name)}`;
    const managedFields = new Map<string, unknown>();
    const bare = targets.map((t) => {
      const copy = structuredClone(t.object);
      managedFields.set(copy.metadata.uid ?? '', copy.metadata.managedFields);
      delete copy.metadata.managedFields;
      return copy;
    });
    const shown: KubeObject =
      bare.length === 1
        ? bare[0]
        : ({ apiVersion: 'v1', items: bare, kind: 'List', metadata: {} } as unknown as KubeObject);
    const ext = output === 'json' ? 'json' : 'yaml';
    const render = (obj: KubeObject) => (output === 'json' ? toGoJson(obj) : toGoYaml(obj));
    const crlf = (s: string) => (flags.bool('windows-line-endings') ? s.replace(/\r?\n/g, '\r\n') : s);
    const file = `/tmp/kubectl-edit-${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}.${ext}`;

    let original = '';
    let edited = '';
    let reasons: Reason[] = [];
    let containsError = false;
    for (;;) {
      // JSON has no comments: kubectl writes the header only for YAML.
      let buffer = output === 'yaml' ? headerText(reasons) : '';
      if (!containsError) {
        buffer += render(shown);
        original = crlf(buffer);
      } else buffer += manualStrip(edited);
      const editedDiff = edited;
      edited = (await editor(file, crlf(buffer))) ?? crlf(buffer);
      if (containsError && stripComments(editedDiff) === stripComments(edited)) {
        await preserve(ctx, file, edited);
        throw new Error('Edit cancelled, no valid changes were saved.');
      }
      const invalid = validateEdited(edited);
      if (invalid) {
        containsError = true;
        reasons = [
          {
            head: `${firstString} was not valid`,
            other: [`<nil>: Invalid value: "The edited file failed validation": ${invalid}`],
          },
        ];
        ctx.err(`error: ${firstString} is invalid\n`);
        continue;
      }
      if (stripComments(original) === stripComments(edited)) {
        ctx.err('Edit cancelled, no changes made.\n');
        return 0;
      }
      if (!edited.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
        ctx.err('Edit cancelled, saved file was empty.\n');
        return 0;
      }
      reasons = [];
      let updated: KubeObject[];
      try {
        updated = parseEdited(edited);
      } catch (err) {
        containsError = true;
        reasons.push({ head: `The edited file had a syntax error: ${(err as Error).message}`, other: [] });
        continue;
      }
      const result = { invalid: 0, retryable: 0, notFound: 0 };
      for (const obj of updated) {
        const target = targets.find((t) => t.object.metadata.uid === obj.metadata?.uid);
        if (!target) {
          await preserve(ctx, file, edited);
          throw new Error(`no original object found for ${obj.kind ?? ''} "${obj.metadata?.name ?? ''}"`);
        }
        if (target.resource.namespaced) obj.metadata.namespace ||= ctx.namespace;
        const before = structuredClone(target.object);
        delete before.metadata.managedFields;
        const after = structuredClone(obj);
        delete after.metadata.managedFields;
        if (toGoJsonCompact(before) === toGoJsonCompact(after)) {
          ctx.out(`${kindPrefix(target.resource)}/${target.name} skipped\n`);
          continue;
        }
        if (
          before.apiVersion !== after.apiVersion ||
          before.kind !== after.kind ||
          before.metadata.name !== after.metadata.name
        ) {
          await preserve(ctx, file, edited);
          throw new Error('At least one of apiVersion, kind and name was changed');
        }
        const builtIn = isBuiltInGroup(target.resource.group);
        const schema = builtIn
          ? ((await loadPatchSchema(ctx.client, before.apiVersion, before.kind)) ?? PatchSchema.empty())
          : undefined;
        const patch = schema
          ? createTwoWayMergePatch(before as never, after as never, schema)
          : mergePatchBetween(before, after);
        if (flags.bool('output-patch')) ctx.out(`Patch: ${toGoJsonCompact(patch)}\n`);
        const targetString = `${resourceString(target.resource)} ${JSON.stringify(target.name)}`;
        try {
          await ctx.client.patch(
            refOf(target.resource),
            target.namespace,
            target.name,
            schema ? 'strategic' : 'merge',
            patch,
            {
              fieldManager: flags.str('field-manager'),
              subresource: flags.str('subresource') || undefined,
            },
          );
          ctx.out(`${kindPrefix(target.resource)}/${target.name} edited\n`);
        } catch (err) {
          if (err instanceof StatusError && err.reason === 'Invalid') {
            result.invalid++;
            reasons.push({
              head: `${targetString} was not valid`,
              other: (err.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`),
            });
            ctx.err(`error: ${targetString} is invalid\n`);
          } else if (isNotFound(err)) {
            result.notFound++;
            ctx.err(`error: ${targetString} could not be found on the server\n`);
          } else {
            result.retryable++;
            const message = err instanceof Error ? err.message : String(err);
            ctx.err(`error: ${targetString} could not be patched: ${message}\n`);
          }
        }
      }
      if (result.retryable > 0) {
        await preserve(ctx, file, edited, false);
        ctx.err(`You can run \`kubectl replace -f ${file}\` to try this update again.\n`);
        throw new ExitError(1);
      }
      if (result.notFound > 0) {
        await preserve(ctx, file, edited, false);
        ctx.err(`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}\n`);
        throw new ExitError(1);
      }
      if (result.invalid === 0) return 0;
      containsError = reasons.length > 0;
    }
  },
};

/** resourceString is `resource.group` as edit's messages name it. */
function resourceString(r: ApiResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/**
 * validateEdited is the client-side check kubectl makes before sending (paramVerifyingSchema): the first
 * document must be an object with apiVersion and kind. Returns the error text, or undefined.
 */
function validateEdited(text: string): string | undefined {
  const doc = parseAllDocuments(text.replace(/\r\n/g, '\n'))[0];
  if (doc && doc.errors.length > 0) return doc.errors[0].message.split('\n')[0];
  const value = doc?.toJS() as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'invalid object to validate';
  const errors: string[] = [];
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  if (apiVersion === undefined || apiVersion === null) errors.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') errors.push("apiVersion isn't string type");
  if (kind === undefined || kind === null) errors.push('kind not set');
  else if (typeof kind !== 'string') errors.push("kind isn't string type");
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

/** headerText is editHeader.writeTo: the instructions, then each failure reason as comments. */
function headerText(reasons: Reason[]): string {
  let s = HEADER;
  for (const r of reasons) {
    s += r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) s += `# * ${hashOnLineBreak(o)}\n`;
    s += '#\n';
  }
  return s;
}

function hashOnLineBreak(s: string): string {
  return s.replace(/\n(?!#)/g, '\n# ');
}

/** manualStrip drops comment lines (but not `#!`), as cmdutil.ManualStrip. */
function manualStrip(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      return !(t.startsWith('#') && !t.startsWith('#!'));
    })
    .join('\n');
}

/** stripComments is cmdutil.StripComments: the YAML as canonical JSON, or the text without comments. */
function stripComments(text: string): string {
  try {
    return JSON.stringify(sortKeys(parse(text.replace(/\r\n/g, '\n'))));
  } catch {
    return manualStrip(text);
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** parseEdited reads the saved file: one object, several documents, or a List. */
function parseEdited(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text.replace(/\r\n/g, '\n'))) {
    if (doc.errors.length > 0) {
      throw new Error(`error converting YAML to JSON: yaml: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error('error unmarshaling JSON: Object is not a map');
    }
    const obj = value as KubeObject & { items?: KubeObject[] };
    if (!obj.kind) throw new Error(`Object 'Kind' is missing in '${toGoJsonCompact(obj)}'`);
    if (obj.kind === 'List' && Array.isArray(obj.items)) out.push(...obj.items);
    else out.push(obj);
  }
  for (const o of out) o.metadata ??= {};
  return out;
}

/** isBuiltInGroup tells whether kubectl's scheme knows the group (strategic merge), not a custom resource. */
function isBuiltInGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** mergePatchBetween is jsonpatch.CreateMergePatch for custom resources. */
function mergePatchBetween(before: unknown, after: unknown): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in b)) patch[key] = null;
  for (const [key, value] of Object.entries(b)) {
    const old = a[key];
    const bothMaps =
      typeof old === 'object' &&
      old !== null &&
      !Array.isArray(old) &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value);
    if (bothMaps) {
      const sub = mergePatchBetween(old, value);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) patch[key] = value;
  }
  return patch;
}

/** preserve keeps the edited file (when the host can write files) and says where, as preservedFile. */
async function preserve(ctx: CommandContext, file: string, text: string, announce = true): Promise<void> {
  const write = ctx.io.fs?.writeFile;
  if (!write) return;
  await write(file, text);
  if (announce) ctx.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
}

/** collect is the builder with Latest(): named objects, every object of a type, or the objects of -f. */
async function collect(ctx: CommandContext, flags: Flags): Promise<Target[]> {
  const out: Target[] = [];
  const files = flags.list('filename');
  if (files.length > 0) {
    for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
      const info = await toInfo(ctx, m);
      const object = await ctx.client.get(refOf(info.resource), info.namespace, info.name);
      out.push({ resource: info.resource, namespace: info.namespace, name: info.name, object });
    }
    return out;
  }
  if (flags.args.length === 0) throw new Error(NO_RESOURCES);
  for (const v of await resolveArgs(ctx.mapper, flags.args)) {
    const namespace = v.resource.namespaced ? ctx.namespace : undefined;
    const ref = refOf(v.resource);
    const subresource = flags.str('subresource') || undefined;
    if (v.name) {
      const object = (await ctx.client.request(
        'GET',
        ctx.client.path(ref, namespace, v.name, subresource),
      )) as KubeObject;
      out.push({ resource: v.resource, namespace, name: v.name, object });
      continue;
    }
    const list = await ctx.client.list(ref, namespace);
    const kind = (list.kind ?? '').replace(/List$/, '');
    for (const item of list.items) {
      out.push({
        resource: v.resource,
        namespace: item.metadata.namespace,
        name: item.metadata.name ?? '',
        object: { ...item, apiVersion: list.apiVersion ?? item.apiVersion, kind },
      });
    }
  }
  return out;
}
