/**
 * The Helm chart (deploy/helm/atelier). With `helm` on PATH, the chart is rendered by the real
 * `helm template` and every rendered object goes through a server-side dry run of mini-k8s with the real
 * kubectl (schema, defaults and validation of the API server). Without helm (this project's machines and
 * CI have none, and no way to download it), that part is skipped with a one-line reason; the checks that
 * need no template engine always run: Chart.yaml and values.yaml are valid, every `.Values…` a template
 * reads exists in values.yaml, and every template's blocks are balanced.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startTestCluster, type TestCluster } from '../../mini-k8s/test/integration/harness';

const CHART = path.join(import.meta.dirname, 'atelier');
const TEMPLATES = path.join(CHART, 'templates');
const templateFiles = fs.readdirSync(TEMPLATES).filter((f) => /\.(yaml|tpl|txt)$/.test(f));
const template = (f: string) => fs.readFileSync(path.join(TEMPLATES, f), 'utf8');

const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
const helmMissing =
  helm.error || helm.status !== 0
    ? 'helm is not on PATH (none on this machine nor in CI): rendering the chart and its dry run are skipped'
    : undefined;
if (helmMissing) console.warn(helmMissing);

describe('Helm chart deploy/helm/atelier (no template engine needed)', () => {
  it('has a valid Chart.yaml and values.yaml', () => {
    const chart = parse(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'atelier', type: 'application' });
    expect(String(chart.version)).toMatch(/^\d+\.\d+\.\d+$/);
    const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    expect(values).toMatchObject({ replicas: 2, instructorToken: '', postgresql: { url: '' } });
  });

  it('reads only values that values.yaml defines', () => {
    const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const missing: string[] = [];
    for (const f of templateFiles) {
      for (const [, ref] of template(f).matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
        let node: unknown = values;
        for (const key of ref.slice(1).split('.')) {
          node =
            node && typeof node === 'object' && key in node
              ? (node as Record<string, unknown>)[key]
              : undefined;
          if (node === undefined) break;
        }
        if (node === undefined) missing.push(`${f}: .Values${ref}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(templateFiles)('%s has balanced template blocks', (f) => {
    const actions = [...template(f).matchAll(/\{\{-?\s*(if|range|with|define|end)\b/g)].map((m) => m[1]);
    let depth = 0;
    for (const action of actions) {
      depth += action === 'end' ? -1 : 1;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });
});

describe.skipIf(helmMissing !== undefined)('Helm chart rendered by helm, dry-run on mini-k8s', () => {
  let cluster: TestCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startTestCluster();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-helm-'));
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const render = (sets: string[]) =>
    spawnSync(
      'helm',
      ['template', 'atelier', CHART, '--namespace', 'default', ...sets.flatMap((s) => ['--set', s])],
      {
        encoding: 'utf8',
      },
    );

  it('renders every object, and mini-k8s accepts each in a server-side dry run', async () => {
    const rendered = render([
      'instructorToken=formateur-0123456789',
      'postgresql.url=postgres://atelier:secret@db:5432/atelier',
      'ingress.enabled=true',
      'ingress.tlsSecretName=atelier-tls',
    ]);
    expect(rendered.stderr).toBe('');
    const kinds = parseAllDocuments(rendered.stdout)
      .map((d) => d.toJS() as { kind?: string } | null)
      .filter((o): o is { kind: string } => Boolean(o?.kind))
      .map((o) => o.kind)
      .sort();
    expect(kinds).toEqual([
      'Deployment',
      'Ingress',
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'Service',
      'StatefulSet',
    ]);
    const file = path.join(dir, 'rendered.yaml');
    fs.writeFileSync(file, rendered.stdout);
    const applied = await cluster.kubectl(['apply', '--dry-run=server', '-f', file]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout.match(/\(server dry run\)/g)).toHaveLength(kinds.length);
  });

  it('refuses, in French, several replicas without PostgreSQL and a short instructor token', () => {
    expect(render(['instructorToken=formateur-0123456789']).stderr).toContain('renseignez postgresql.url');
    expect(render(['instructorToken=court', 'replicas=1']).stderr).toContain('au moins 16 caractères');
    expect(
      execFileSync('helm', ['lint', CHART, '--set', 'instructorToken=formateur-0123456789,replicas=1'], {
        encoding: 'utf8',
      }),
    ).toContain('0 chart(s) failed');
  });
});
