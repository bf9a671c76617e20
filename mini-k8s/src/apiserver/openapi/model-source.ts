/**
 * Locates the upstream Kubernetes type declarations shipped by the `kubernetes-models` npm package (and
 * its dependency `@kubernetes-models/apimachinery`) and reads them on demand, one type at a time.
 *
 * Why this package: it is generated from the upstream OpenAPI document and keeps, for every property,
 * the upstream description (including the "Possible enum values" notes), the enum literals, the
 * required markers and the upstream type names; @kubernetes/client-node drops the descriptions of
 * every property whose type is another object.
 *
 * Files are found by their place in the package: `kubernetes-models/<group>/<version>/<Kind>.d.ts`
 * (`v1/` for the core group) and `@kubernetes-models/apimachinery/<path>/<Name>.d.ts`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseDeclarationFile } from './dts-model-parser';
import type { ParsedModel } from './dts-model-parser';

/** MODELS_PACKAGE is the npm package the schemas come from. */
export const MODELS_PACKAGE = 'kubernetes-models';
const APIMACHINERY_PACKAGE = '@kubernetes-models/apimachinery';

/** LoadedModel is a parsed declaration file with its upstream schema name and resolved references. */
export interface LoadedModel extends ParsedModel {
  /** Upstream schema name, e.g. `io.k8s.api.core.v1.Container`. */
  name: string;
  /** Imported identifier → upstream schema name and declaration file of the referenced type. */
  refs: Map<string, { name: string; file: string }>;
}

interface PackageRoots {
  models: string;
  apimachinery: string;
}

let roots: PackageRoots | undefined;

/** packageRoots resolves the two package directories by name (throws a clear error when missing). */
function packageRoots(): PackageRoots {
  if (roots) return roots;
  const require = createRequire(import.meta.url);
  let modelsEntry: string;
  try {
    modelsEntry = require.resolve(MODELS_PACKAGE);
  } catch {
    throw new Error(`OpenAPI schemas need the npm package ${MODELS_PACKAGE}; it is not installed`);
  }
  const apimachineryEntry = createRequire(modelsEntry).resolve(APIMACHINERY_PACKAGE);
  roots = { models: dirname(modelsEntry), apimachinery: dirname(apimachineryEntry) };
  return roots;
}

/**
 * goPackageOfGroup returns the upstream Go package segment of an API group (`rbac.authorization.k8s.io`
 * → `rbac`, `` → `core`); upstream schema names are `io.k8s.api.<segment>.<version>.<Kind>`.
 */
function goPackageOfGroup(group: string): string {
  if (group === '') return 'core';
  return group.split('.')[0]!;
}

/** schemaNameForFile maps a declaration file path to its upstream schema name. */
export function schemaNameForFile(file: string): string {
  const { models, apimachinery } = packageRoots();
  const base = file.replace(/\.d\.ts$/, '');
  if (isInside(apimachinery, file)) {
    return `io.k8s.apimachinery.pkg.${relative(apimachinery, base).split(sep).join('.')}`;
  }
  const parts = relative(models, base).split(sep);
  if (parts.length === 2) return `io.k8s.api.core.${parts[0]}.${parts[1]}`;
  const [group, version, kind] = parts as [string, string, string];
  if (group === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  if (group === 'apiregistration.k8s.io')
    return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}.${kind}`;
  return `io.k8s.api.${goPackageOfGroup(group)}.${version}.${kind}`;
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return !rel.startsWith('..') && !rel.startsWith(sep);
}

/**
 * validatorFileForSchema returns the compiled validator the package ships for an upstream schema
 * (`io.k8s.api.apps.v1.DeploymentSpec` → `kubernetes-models/_schemas/IoK8sApiAppsV1DeploymentSpec.js`,
 * meta types under `@kubernetes-models/apimachinery/_schemas/`). The file may not exist.
 */
export function validatorFileForSchema(name: string): string {
  const { models, apimachinery } = packageRoots();
  const id = name
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const root = name.startsWith('io.k8s.apimachinery.') ? apimachinery : models;
  return join(root, '_schemas', `${id}.js`);
}

/** fileForKind returns the declaration file of a top-level kind (it may not exist). */
export function fileForKind(group: string, version: string, kind: string): string {
  const { models } = packageRoots();
  return group === '' ? join(models, version, `${kind}.d.ts`) : join(models, group, version, `${kind}.d.ts`);
}

/** fileForMetaType returns the declaration file of an `io.k8s.apimachinery.pkg.apis.meta.v1` type. */
export function fileForMetaType(name: string): string {
  const { apimachinery } = packageRoots();
  return join(apimachinery, 'apis', 'meta', 'v1', `${name}.d.ts`);
}

/** resolveSpecifier turns an import specifier of `fromFile` into a declaration file path. */
function resolveSpecifier(fromFile: string, specifier: string): string {
  const { apimachinery } = packageRoots();
  if (specifier.startsWith('.')) return `${resolve(dirname(fromFile), specifier)}.d.ts`;
  if (specifier.startsWith(`${APIMACHINERY_PACKAGE}/`)) {
    return `${join(apimachinery, specifier.slice(APIMACHINERY_PACKAGE.length + 1))}.d.ts`;
  }
  throw new Error(`${fromFile}: unexpected import ${specifier}`);
}

/** compact reduces an upstream name to the spelling of a package export id, to cross-check the mapping. */
function compact(name: string): string {
  return name.replace(/[.-]/g, '').toLowerCase();
}

/**
 * loadModelFile reads and parses one declaration file, resolving its imports to upstream names. It
 * throws if the file's export id does not match the upstream name derived from its path (a sign the
 * package layout changed).
 */
export function loadModelFile(file: string): LoadedModel {
  const text = readFileSync(file, 'utf8');
  const parsed = parseDeclarationFile(text, file);
  const name = schemaNameForFile(file);
  if (compact(parsed.exportId) !== compact(name)) {
    throw new Error(`${file}: export ${parsed.exportId} does not match ${name}`);
  }
  const refs = new Map<string, { name: string; file: string }>();
  for (const [ident, specifier] of parsed.imports) {
    if (!ident.startsWith('IIo')) continue;
    const target = resolveSpecifier(file, specifier);
    refs.set(ident, { name: schemaNameForFile(target), file: target });
  }
  return { ...parsed, name, refs };
}
