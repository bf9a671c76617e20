/**
 * Generators of `kubectl create <kind>`: each builds the object kubectl's generator builds, with keys in
 * the Go struct order (so `-o json` matches; YAML output sorts keys anyway).
 */
import type { KubeObject } from '../../api/object';
import type { CommandContext } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags, FlagSpec } from '../cmdutil/flags';

/** Generator builds one object from the command's arguments (one `kubectl create <name>` subcommand). */
export interface Generator {
  name: string;
  aliases?: string[];
  /** The subcommand's own flags (the printing, dry-run and validation flags are added by create.ts). */
  flags: FlagSpec[];
  /** Whether the generator sets metadata.namespace when creating (all namespaced generators do with -n). */
  setNamespace?: boolean;
  /** Prefix kubectl puts before server errors of this generator (`failed to create rolebinding: `). */
  createErrorPrefix?: string;
  /**
   * typed puts the server's answer in the Go struct order of the typed client kubectl uses for this generator
   * (`-o json` then matches); absent: kubectl's dynamic client prints it as unstructured (sorted keys).
   */
  typed?(obj: KubeObject): KubeObject;
  build(ctx: CommandContext, flags: Flags, args: string[]): Promise<KubeObject>;
}

/** Generator groups (`create secret generic|tls|docker-registry`) dispatch on their next word. */
export interface GeneratorGroup {
  name: string;
  generators: Generator[];
}

export const FROM_SOURCES: FlagSpec[] = [
  { name: 'from-literal', type: 'stringArray' },
  { name: 'from-file', type: 'stringSlice' },
  { name: 'from-env-file', type: 'stringSlice' },
  { name: 'append-hash', type: 'bool' },
];

export function meta(
  ctx: CommandContext,
  name: string,
  labels?: Record<string, string>,
): Record<string, unknown> {
  const m: Record<string, unknown> = { name };
  if (ctx.explicitNamespace) m.namespace = ctx.namespace;
  m.creationTimestamp = null;
  if (labels) m.labels = labels;
  return m;
}

/** requireName is kubectl's NameFromCommandArgs. */
export function requireName(args: string[]): string {
  if (args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${args.length}`);
  return args[0];
}

/** containerName is kubectl's parseImageName: the last path segment without tag or digest. */
export function containerName(image: string): string {
  let name = image.split('@')[0];
  const slash = name.lastIndexOf('/');
  name = name.slice(slash + 1);
  const colon = name.indexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  return name.replace(/[^a-z0-9-]/g, '-');
}

export async function keyValues(ctx: CommandContext, flags: Flags): Promise<Record<string, string>> {
  const data: Record<string, string> = {};
  for (const literal of flags.list('from-literal')) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new Error(`invalid literal source ${literal}, expected key=value`);
    const key = literal.slice(0, eq);
    if (key in data)
      throw new Error(
        `cannot add key ${key}, another key by that name already exists in Data for ConfigMap "${''}"`,
      );
    data[key] = literal.slice(eq + 1);
  }
  for (const source of flags.list('from-file')) {
    const eq = source.indexOf('=');
    const key = eq > 0 ? source.slice(0, eq) : source.slice(source.lastIndexOf('/') + 1);
    const path = eq > 0 ? source.slice(eq + 1) : source;
    if (!ctx.io.fs) throw new Error(`error reading ${path}: no such file or directory`);
    data[key] = await ctx.io.fs.readFile(path).catch(() => {
      throw new Error(`error reading ${path}: no such file or directory`);
    });
  }
  for (const path of flags.list('from-env-file')) {
    const text = ctx.io.fs ? await ctx.io.fs.readFile(path) : '';
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) data[trimmed] = ctx.io.env?.[trimmed] ?? '';
      else data[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
  }
  return data;
}

export const GENERATORS: Generator[] = [
  {
    name: 'namespace',
    aliases: ['ns'],
    flags: [],
    async build(_ctx, _flags, args) {
      const name = requireName(args);
      return {
        kind: 'Namespace',
        apiVersion: 'v1',
        metadata: { name, creationTimestamp: null },
        spec: {},
        status: {},
      } as unknown as KubeObject;
    },
  },
  {
    name: 'deployment',
    aliases: ['deploy'],
    flags: [
      { name: 'image', type: 'stringSlice' },
      { name: 'replicas', short: 'r', type: 'int', default: 1 },
      { name: 'port', type: 'int', default: -1 },
    ],
    async build(ctx, flags, args) {
      const name = requireName(args);
      const images = flags.list('image');
      if (images.length === 0) throw new UsageError('--image is required');
      const labels = { app: name };
      const containers = images.map(
        (image) => ({ name: containerName(image), image, resources: {} }) as Record<string, unknown>,
      );
      const port = flags.int('port');
      if (port >= 0) {
        const first = containers[0];
        containers[0] = {
          name: first.name,
          image: first.image,
          ports: [{ containerPort: port }],
          resources: {},
        };
      }
      return {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: meta(ctx, name, labels),
        spec: {
          replicas: flags.int('replicas'),
          selector: { matchLabels: labels },
          template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
          strategy: {},
        },
        status: {},
      } as unknown as KubeObject;
    },
  },
  {
    name: 'configmap',
    aliases: ['cm'],
    flags: FROM_SOURCES,
    async build(ctx, flags, args) {
      const name = requireName(args);
      const data = await keyValues(ctx, flags);
      const obj: Record<string, unknown> = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(ctx, name) };
      if (Object.keys(data).length > 0) obj.data = data;
      return obj as unknown as KubeObject;
    },
  },
  {
    name: 'serviceaccount',
    aliases: ['sa'],
    flags: [],
    async build(ctx, _flags, args) {
      const name = requireName(args);
      return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(ctx, name) } as unknown as KubeObject;
    },
  },
];

/** SECRET_GENERATORS are `kubectl create secret <type>`. */
export const SECRET_GENERATORS: Generator[] = [
  {
    name: 'generic',
    flags: [...FROM_SOURCES, { name: 'type', type: 'string' }],
    createErrorPrefix: 'failed to create secret ',
    async build(ctx, flags, args) {
      const name = requireName(args);
      const data = await keyValues(ctx, flags);
      const obj: Record<string, unknown> = { kind: 'Secret', apiVersion: 'v1', metadata: meta(ctx, name) };
      if (Object.keys(data).length > 0) {
        obj.data = Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        );
      }
      if (flags.str('type')) obj.type = flags.str('type');
      return obj as unknown as KubeObject;
    },
  },
];
