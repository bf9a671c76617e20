/**
 * The Go chart renderer (deploy/helm/render) on small charts written by each test: what `helm template` does
 * for a chart's templates, values, errors and output format. Built with Debian's Go and Sprig; without them the
 * tests skip with a one-line reason (REQUIRE_GO=1, set by CI, makes that a failure).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildGoRenderer, goRendererSkipReason, type Renderer } from '../renderers';

const goSkip = goRendererSkipReason();
if (goSkip) console.warn(`skipped: ${goSkip} (set REQUIRE_GO=1 to make this a failure)`);

const CHART_YAML = [
  'apiVersion: v2',
  'name: demo',
  'version: 1.2.3',
  'appVersion: "4.5"',
  'kubeVersion: ">=1.30.0-0"',
  '',
].join('\n');

const VALUES_YAML = [
  'greeting: "Bonjour {{ .Release.Name }}"',
  'replicas: 2',
  'image: { repository: app, tag: "1.0" }',
  'env: { A: "1", B: "2" }',
  'list: [a, b]',
  'never: false',
  'needed: { enabled: false, value: "" }',
  '',
].join('\n');

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "demo.name" . }}
  namespace: {{ .Release.Namespace }}
data:
  release: {{ printf "%s/%s/%v/%v/%v" .Release.Name .Release.Service .Release.IsInstall .Release.IsUpgrade .Release.Revision | quote }}
  chart: {{ printf "%s-%s-%s" .Chart.Name .Chart.Version .Chart.AppVersion | quote }}
  template: {{ printf "%s %s" .Template.Name .Template.BasePath | quote }}
  kube: {{ printf "%s %s %s" .Capabilities.KubeVersion.Version .Capabilities.KubeVersion.Major .Capabilities.KubeVersion.Minor | quote }}
  apis: {{ printf "%v %v %v" (.Capabilities.APIVersions.Has "apps/v1/Deployment") (.Capabilities.APIVersions.Has "apps/v1") (.Capabilities.APIVersions.Has "example.com/v1") | quote }}
  tpl: {{ tpl .Values.greeting . | quote }}
  lookup: {{ lookup "v1" "Secret" "default" "x" | len | quote }}
  file: {{ .Files.Get "files/motd.txt" | trim | quote }}
  lines: {{ .Files.Lines "files/motd.txt" | len | quote }}
  missing: "{{ .Values.nothing }}"
  values.json: {{ toJson .Values | quote }}
  fromYaml: {{ (fromYaml "a: 1").a | quote }}
  toYaml: {{ toYaml .Values.env | quote }}
  {{- (.Files.Glob "files/*.conf").AsConfig | nindent 2 }}
`;

/** FEATURES is a chart touching every feature the renderer implements. */
const FEATURES: Record<string, string> = {
  'Chart.yaml': CHART_YAML,
  'values.yaml': VALUES_YAML,
  'files/motd.txt': 'Salut\nà tous\n',
  'files/a.conf': 'x=1\n',
  'files/b.conf': 'y=2\n',
  'templates/_helpers.tpl': '{{- define "demo.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n',
  'templates/configmap.yaml': CONFIGMAP,
  'templates/empty.yaml': '{{- if .Values.never }}\nkind: Never\n{{- end }}\n---\n---\n',
  'templates/order.yaml': [
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: s }',
    '---',
    'apiVersion: v1',
    'kind: Namespace',
    'metadata: { name: n }',
    '',
  ].join('\n'),
  'templates/required.yaml':
    '{{- if .Values.needed.enabled }}\n# {{ required "needed.value est obligatoire" .Values.needed.value }}\n{{- end }}\n',
  'templates/NOTES.txt': 'Installé : {{ .Release.Name }}\n',
};

describe.skipIf(goSkip !== undefined)('deploy/helm/render', () => {
  let dir: string;
  let renderer: Renderer;
  let charts = 0;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-render-'));
    renderer = buildGoRenderer(dir);
  }, 600_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** chart writes a chart directory (FEATURES with changes; null removes a file) and returns its path. */
  const chart = (changes: Record<string, string | null> = {}) => {
    const root = path.join(dir, `chart-${++charts}`);
    for (const [name, text] of Object.entries({ ...FEATURES, ...changes })) {
      if (text === null) continue;
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    return root;
  };
  const file = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const render = (root: string, ...args: string[]) => renderer.render(['rel', root, ...args]);
  const configMap = (stdout: string) =>
    parseAllDocuments(stdout)
      .map((d) => d.toJS() as { kind: string; data: Record<string, string> })
      .find((o) => o.kind === 'ConfigMap')!.data;

  it('renders the release, chart, template, capabilities, files and helm functions like helm', () => {
    const r = render(chart(), '--namespace', 'atelier', '--api-versions', 'example.com/v1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(configMap(r.stdout)).toEqual({
      release: 'rel/Helm/true/false/1',
      chart: 'demo-1.2.3-4.5',
      template: 'demo/templates/configmap.yaml demo/templates',
      kube: 'v1.32.0 1 32',
      apis: 'true true true',
      tpl: 'Bonjour rel',
      lookup: '0',
      file: 'Salut\nà tous',
      lines: '2',
      missing: '',
      'values.json': JSON.stringify({
        env: { A: '1', B: '2' },
        greeting: 'Bonjour {{ .Release.Name }}',
        image: { repository: 'app', tag: '1.0' },
        list: ['a', 'b'],
        needed: { enabled: false, value: '' },
        never: false,
        replicas: 2,
      }),
      fromYaml: '1',
      toYaml: 'A: "1"\nB: "2"',
      'a.conf': 'x=1\n',
      'b.conf': 'y=2\n',
    });
    expect(configMap(render(chart()).stdout).apis).toBe('true true false');
  });

  it('prints helm’s stream: sources, install order, no partial, no NOTES.txt, no empty document', () => {
    const { stdout } = render(chart());
    expect(
      stdout.startsWith('---\n# Source: demo/templates/order.yaml\napiVersion: v1\nkind: Namespace\n'),
    ).toBe(true);
    expect(
      [...stdout.matchAll(/^# Source: (.*)\n(?:.*\n)*?kind: (\w+)$/gm)].map((m) => `${m[2]} ${m[1]}`),
    ).toEqual([
      'Namespace demo/templates/order.yaml',
      'ConfigMap demo/templates/configmap.yaml',
      'Service demo/templates/order.yaml',
    ]);
    expect(stdout).not.toContain('Installé');
    expect(stdout).not.toContain('Never');
    expect(stdout.match(/^---$/gm)).toHaveLength(3);
  });

  it('coalesces values like helm: -f files in order, --set over them, null deletes a default', () => {
    const first = file('first.yaml', 'replicas: 5\nimage: { tag: "2.0" }\nenv: { B: null, C: "3" }\n');
    const second = file('second.yaml', 'image: { repository: other }\nlist: [z]\n');
    const r = render(
      chart(),
      '-f',
      first,
      '--values',
      second,
      '--set',
      'replicas=7,image.tag=3.0,extra.path\\.with\\.dots=a\\,b,numbers={1,02,x}',
      '--set',
      'deep.list[1].name=second,never=null,flag=true,zero=0',
      '--set-string',
      'stringy=42',
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(configMap(r.stdout)['values.json'])).toEqual({
      deep: { list: [null, { name: 'second' }] },
      env: { A: '1', C: '3' },
      extra: { 'path.with.dots': 'a,b' },
      flag: true,
      greeting: 'Bonjour {{ .Release.Name }}',
      image: { repository: 'other', tag: '3.0' },
      list: ['z'],
      needed: { enabled: false, value: '' },
      numbers: [1, '02', 'x'],
      replicas: 7,
      stringy: '42',
      zero: 0,
    });
  });

  it('fails like helm on required and fail, with the template position', () => {
    const r = render(chart(), '--set', 'needed.enabled=true');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error: execution error at (demo/templates/required.yaml:2:5): needed.value est obligatoire\n',
    );
    const failing = render(chart({ 'templates/fail.yaml': '\n  {{ fail "non" }}\n' }));
    expect(failing.stderr).toBe('Error: execution error at (demo/templates/fail.yaml:2:5): non\n');
  });

  it('reports template, YAML and chart errors clearly', () => {
    const cases: [Record<string, string | null>, string[], RegExp][] = [
      [{ 'templates/env.yaml': '{{ env "HOME" }}' }, [], /function "env" not defined/],
      [
        { 'templates/bad.yaml': 'a: {{ .Values.x ' },
        [],
        /^Error: parse error at \(demo\/templates\/bad\.yaml:1\): /,
      ],
      [
        { 'templates/nil.yaml': 'a: {{ .Values.nothing.here }}' },
        [],
        /^Error: template: demo\/templates\/nil\.yaml:1:13: executing "demo\/templates\/nil\.yaml" at <\.Values\.nothing\.here>: nil pointer evaluating interface \{\}\.here/,
      ],
      [{ 'templates/bad.yaml': 'a: [\n' }, [], /^Error: YAML parse error on demo\/templates\/bad\.yaml: /],
      [
        {},
        ['--kube-version', '1.29.0'],
        /chart requires kubeVersion: >=1\.30\.0-0 which is incompatible with Kubernetes v1\.29\.0/,
      ],
      [{ 'Chart.yaml': null }, [], /is not a chart: Chart\.yaml/],
      [{ 'Chart.yaml': 'name: [' }, [], /cannot load Chart\.yaml: /],
      [{ 'Chart.yaml': 'apiVersion: v2\nname: demo\n' }, [], /chart\.metadata\.version is required/],
      [{ 'values.yaml': 'a: [' }, [], /cannot load values\.yaml/],
      [{ 'Chart.yaml': CHART_YAML.replace('1.2.3', 'un') }, [], /chart\.metadata\.version "un" is invalid/],
      [
        { 'Chart.yaml': CHART_YAML + 'type: Library\n' },
        [],
        /chart\.metadata\.type must be application or library/,
      ],
      [{ 'Chart.yaml': CHART_YAML + 'type: library\n' }, [], /library charts are not installable/],
      [{ 'charts/sub/Chart.yaml': CHART_YAML }, [], /subcharts are not supported/],
      [{ 'values.schema.json': '{}' }, [], /values\.schema\.json: JSON Schema validation is not supported/],
      [{}, ['--set', 'a[x]=1'], /invalid list index "x"/],
    ];
    for (const [changes, args, message] of cases) {
      const r = render(chart(changes), ...args);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
      expect(r.stderr).toMatch(message);
    }
    // Like helm, a field Chart.yaml does not define is ignored.
    expect(render(chart({ 'Chart.yaml': CHART_YAML + 'colour: blue\n' })).stderr).toBe('');
    const badName = renderer.render(['Not_A_Name', chart()]);
    expect(badName.stderr).toMatch(/invalid release name "Not_A_Name"/);
    expect(renderer.render([chart()]).stderr).toMatch(/expected RELEASE_NAME and CHART_DIR/);
  });
});
