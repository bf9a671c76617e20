/**
 * readManifests reads `-f` sources as kubectl's builder does: a file, every .json/.yaml/.yml file of a
 * directory (sorted; recursive with -R), or `-` for stdin; multi-document YAML; `kind: List` flattened.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/object';
import type { CommandContext } from '../cmdutil/context';

/** Manifest is one object and the source it came from (for error messages). */
export interface Manifest {
  object: KubeObject;
  source: string;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** readManifests returns the objects of every `-f` argument, in order. */
export async function readManifests(
  ctx: CommandContext,
  paths: string[],
  recursive = false,
): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(...parseManifests(await ctx.readStdin(), 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(path))
      throw new Error(`unable to read URL "${path}": URLs are not supported here`);
    const fs = ctx.io.fs;
    if (!fs) throw new Error(`the path "${path}" does not exist`);
    const entries = await fs.readDir(path);
    if (entries) {
      for (const file of await listDir(ctx, path, entries, recursive)) {
        out.push(...parseManifests(await fs.readFile(file), file));
      }
      continue;
    }
    let text: string;
    try {
      text = await fs.readFile(path);
    } catch {
      throw new Error(`the path "${path}" does not exist`);
    }
    out.push(...parseManifests(text, path));
  }
  return out;
}

async function listDir(
  ctx: CommandContext,
  dir: string,
  entries: string[],
  recursive: boolean,
): Promise<string[]> {
  const files: string[] = [];
  for (const entry of [...entries].sort()) {
    const full = `${dir.replace(/\/$/, '')}/${entry}`;
    const sub = await ctx.io.fs!.readDir(full);
    if (sub) {
      if (recursive) files.push(...(await listDir(ctx, full, sub, recursive)));
    } else if (EXTENSIONS.some((e) => entry.endsWith(e))) files.push(full);
  }
  return files;
}

/** parseManifests parses a YAML or JSON stream into objects. */
export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`error parsing ${source}: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`error validating "${source}": error validating data: invalid object to validate`);
    }
    const obj = value as KubeObject;
    if (!obj.kind) {
      throw new Error(
        `error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
    }
    if (!obj.apiVersion) {
      throw new Error(
        `error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
    }
    if (obj.kind.endsWith('List') && Array.isArray((obj as { items?: unknown }).items)) {
      for (const item of (obj as unknown as { items: KubeObject[] }).items)
        out.push({ object: item, source });
      continue;
    }
    obj.metadata ??= {};
    out.push({ object: obj, source });
  }
  return out;
}
