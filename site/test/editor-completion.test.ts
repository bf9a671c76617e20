/**
 * The editor's completion source (site/lib/editor/completion.ts) on the schema asset the build publishes:
 * field names at the cursor's path, enum values, booleans, apiVersion and kind values.
 */
import { describe, expect, it } from 'vitest';
import { buildEditorSchemas } from '../../sandbox-server/src/manifests/editor-schemas';
import { completeAt } from '../lib/editor/completion';
import type { KubernetesSchemas } from '../lib/editor/schema';

const schemas = buildEditorSchemas() as KubernetesSchemas;

/** at completes where `|` stands in `text` (the marker is removed). */
function at(textWithCursor: string) {
  const pos = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, pos) + textWithCursor.slice(pos + 1);
  const result = completeAt(text, pos, schemas);
  return { result, labels: result?.options.map((o) => o.label) ?? [], text, pos };
}

const HEAD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

describe('completeAt: field names', () => {
  it('offers replicas under spec, with its type and description, replacing the word typed', () => {
    const { result, labels, pos } = at(`${HEAD}spec:\n  rep|\n`);
    expect(labels).toEqual(expect.arrayContaining(['replicas', 'selector', 'template', 'strategy']));
    const replicas = result!.options.find((o) => o.label === 'replicas')!;
    expect(replicas).toMatchObject({
      detail: 'entier',
      info: 'Number of desired pods.',
      apply: 'replicas: ',
    });
    expect(result!.from).toBe(pos - 3);
    expect(result!.options.find((o) => o.label === 'selector')!.detail).toBe(
      'objet LabelSelector · obligatoire',
    );
  });

  it('renames an existing key without touching its colon and value', () => {
    const { result, pos } = at(`${HEAD}spec:\n  rep|lica: 3\n`);
    const replicas = result!.options.find((o) => o.label === 'replicas')!;
    expect(replicas.apply).toBe('replicas');
    expect(result!.from).toBe(pos - 3);
    expect(result!.to).toBe(pos + 4);
  });

  it('leaves out the fields already written in the same object', () => {
    const { labels } = at(`${HEAD}spec:\n  replicas: 2\n  |\n  selector:\n    matchLabels: {}\n`);
    expect(labels).not.toContain('replicas');
    expect(labels).not.toContain('selector');
    expect(labels).toContain('template');
  });

  it('offers the root fields of the kind, not status', () => {
    const { labels } = at(`${HEAD}|`);
    expect(labels).toEqual(expect.arrayContaining(['spec']));
    expect(labels).not.toContain('status');
    expect(labels).not.toContain('metadata');
  });

  it('follows lists written with the dash at the key column or indented', () => {
    const deep = `${HEAD}spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        ima|\n`;
    expect(at(deep).labels).toEqual(expect.arrayContaining(['image', 'imagePullPolicy']));
    expect(at(deep).labels).not.toContain('name');
    const indented = `${HEAD}spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          ports:\n            - |\n`;
    expect(at(indented).labels).toEqual(expect.arrayContaining(['containerPort', 'protocol', 'name']));
  });

  it('starts a new list item after a finished one', () => {
    const text = `${HEAD}spec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: x\n        - |\n`;
    expect(at(text).labels).toEqual(expect.arrayContaining(['name', 'image']));
  });

  it('inserts a block for objects and lists', () => {
    const { result } = at(`${HEAD}spec:\n  template:\n    spec:\n      |\n`);
    const containers = result!.options.find((o) => o.label === 'containers')!;
    expect(containers.apply).toBe('containers:\n        - ');
    expect(containers.detail).toBe('liste de Container · obligatoire');
    expect(result!.options.find((o) => o.label === 'nodeSelector')!.apply).toBe('nodeSelector:\n        ');
  });

  it('offers the basics when the document has no kind yet', () => {
    expect(at('|').labels).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(at('apiVersion: v1\n|').labels).toEqual(['kind', 'metadata']);
  });

  it('offers nothing inside free-form maps, comments or block scalars', () => {
    expect(at(`${HEAD}  labels:\n    a|\n`).result).toBeUndefined();
    expect(at(`${HEAD}# rep|`).result).toBeUndefined();
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  script: |\n    ec|\n';
    expect(at(configMap).result).toBeUndefined();
  });
});

describe('completeAt: values', () => {
  it('offers enum values', () => {
    const text = `${HEAD}spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          imagePullPolicy: If|\n`;
    const { result, labels, pos } = at(text);
    expect(labels).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(result!.from).toBe(pos - 2);
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: |\n';
    expect(at(service).labels).toEqual(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  });

  it('offers booleans', () => {
    expect(at(`${HEAD}spec:\n  paused: |\n`).labels).toEqual(['true', 'false']);
  });

  it('offers the kinds of the apiVersion, and the apiVersions serving the kind first', () => {
    const kinds = at('apiVersion: apps/v1\nkind: |\n').labels;
    expect(kinds).toEqual(['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
    const versions = at('apiVersion: |\nkind: CronJob\n');
    expect(versions.labels[0]).toBe('batch/v1');
    expect(versions.labels).toContain('v1');
  });

  it('offers nothing for a free text value', () => {
    expect(
      at(`${HEAD}spec:\n  template:\n    spec:\n      containers:\n        - name: w|\n`).result,
    ).toBeUndefined();
  });
});
