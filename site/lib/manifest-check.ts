/**
 * The editor's checks on a Kubernetes manifest, before anything is sent to the cluster: YAML syntax errors
 * (the `yaml` parser's own), then, per document, the fields every object needs (`apiVersion`, `kind`,
 * `metadata.name` or `metadata.generateName`) and, once the editor has loaded the Kubernetes schemas, the
 * schema checks of editor/schema-check.ts. Messages are in French; the API server still has the last word
 * (« Simuler (dry-run) »). Documents are read as YAML 1.1, like kubectl (`yes` is a boolean, `0644` octal).
 */
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { checkDocument } from './editor/schema-check';
import type { KubernetesSchemas } from './editor/schema';

/** ManifestProblem is one finding, located by character offsets in the text. */
export interface ManifestProblem {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

/** manifestProblems checks every document of a multi-document YAML text (against `schemas` when given). */
export function manifestProblems(text: string, schemas?: KubernetesSchemas): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const clamp = (n: number) => Math.min(Math.max(0, n), text.length);
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const [from, to] = error.pos;
        problems.push({
          from: clamp(from),
          to: clamp(Math.max(to, from)),
          severity: 'error',
          message: `YAML invalide : ${error.message}`,
        });
      }
      continue;
    }
    const contents = doc.contents;
    // An empty document (`---` alone, or a comment) is fine for kubectl.
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const [start, end] = contents.range ?? [0, text.length];
    const at = { from: clamp(start), to: clamp(Math.min(end, start + 1)) };
    if (!isMap(contents)) {
      problems.push({
        ...at,
        severity: 'error',
        message: 'Un objet Kubernetes doit être une table clé: valeur.',
      });
      continue;
    }
    const value = doc.toJS() as Record<string, unknown>;
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof value[field] !== 'string' || value[field] === '') {
        problems.push({ ...at, severity: 'error', message: `Champ obligatoire manquant : ${field}.` });
      }
    }
    const metadata = value.metadata;
    const named =
      typeof metadata === 'object' &&
      metadata !== null &&
      ['name', 'generateName'].some((k) => typeof (metadata as Record<string, unknown>)[k] === 'string');
    if (!named && value.kind !== 'List') {
      problems.push({ ...at, severity: 'error', message: 'Champ obligatoire manquant : metadata.name.' });
    }
    if (schemas) problems.push(...checkDocument(doc, schemas));
  }
  return problems;
}
