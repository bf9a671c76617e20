/**
 * The Helm chart (deploy/helm/atelier), rendered for several documented value sets by the Go renderer of
 * deploy/helm/render (and, when it is on PATH, by the real `helm template`: same assertions). Every rendered
 * object goes through a server-side dry run of mini-k8s with the real kubectl and strict field validation
 * (unknown or misplaced fields are errors), and the facts the platform relies on are checked on the objects:
 * the router pins learners to the StatefulSet's replicas by their stable names, secrets come from the Secret,
 * probes hit /healthz, pods run as non-root. Without go and Debian's Go libraries the rendering tests skip
 * with a one-line reason (REQUIRE_GO=1, set by CI, makes that a failure); the checks that need no template
 * engine always run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startTestCluster, waitFor, type TestCluster } from '../../mini-k8s/test/integration/harness';
import { buildGoRenderer, goRendererSkipReason, helmRenderer, type Renderer } from './renderers';

const CHART = path.join(import.meta.dirname, 'atelier');
const TEMPLATES = path.join(CHART, 'templates');
const templateFiles = fs.readdirSync(TEMPLATES).filter((f) => /\.(yaml|tpl|txt)$/.test(f));
const template = (f: string) => fs.readFileSync(path.join(TEMPLATES, f), 'utf8');

const goSkip = goRendererSkipReason();
if (goSkip) console.warn(`skipped: ${goSkip} (set REQUIRE_GO=1 to make this a failure)`);
const helm = helmRenderer();
if (!helm) console.warn('helm is not on PATH: the chart is rendered by deploy/helm/render only');

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

describe.skipIf(!helm)('Helm chart linted by the real helm', () => {
  it('passes helm lint', () => {
    const lint = spawnSync('helm', ['lint', CHART, '--set', `instructorToken=${TOKEN},replicas=1`], {
      encoding: 'utf8',
    });
    expect(lint.stdout).toContain('0 chart(s) failed');
  });
});

/** K8sObject is the part of a rendered object the assertions read. */
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are checked field by field
  spec?: any;
  stringData?: Record<string, string>;
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

const TOKEN = 'formateur-0123456789';
const DATABASE_URL = 'postgres://atelier:secret@db.atelier.svc:5432/atelier';

/** ValueSet is one documented way to install the chart, and what it must produce. */
interface ValueSet {
  name: string;
  args: string[];
  replicas: number;
  routers: number;
  kinds: string[];
  secret?: string; // name of the Secret the pods read (created by the chart unless existingSecret)
  databaseUrl?: string;
  postgresPeer?: unknown; // the `to` of the replicas' egress rule to PostgreSQL, when restricted
  more?: (objects: K8sObject[]) => void; // facts of this value set only
}

const VALUE_SETS: ValueSet[] = [
  {
    name: 'one replica on SQLite (the smallest install)',
    args: ['--set', `instructorToken=${TOKEN}`, '--set', 'replicas=1'],
    replicas: 1,
    routers: 2,
    kinds: [
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'Service',
      'Deployment',
      'StatefulSet',
    ],
    secret: 'atelier-secrets',
    databaseUrl: '',
  },
  {
    name: 'three replicas on PostgreSQL behind an Ingress with TLS',
    args: [
      '--set',
      `instructorToken=${TOKEN},postgresql.url=${DATABASE_URL},replicas=3`,
      '--set',
      'ingress.enabled=true,ingress.className=nginx,ingress.tlsSecretName=atelier-tls',
      '--set',
      'sessionSecret=0123456789abcdef0123456789abcdef',
      '--set',
      'postgresql.podSelector.app=postgresql,postgresql.namespaceSelector.kubernetes\\.io/metadata\\.name=bases',
    ],
    replicas: 3,
    routers: 2,
    kinds: [
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'Service',
      'Deployment',
      'StatefulSet',
      'Ingress',
    ],
    secret: 'atelier-secrets',
    databaseUrl: DATABASE_URL,
    more: (objects) => {
      // The Ingress terminates TLS: the learners' kubeconfigs point at its HTTPS address.
      const sts = objects.find((o) => o.kind === 'StatefulSet') as K8sObject;
      expect(sts.spec.template.spec.containers[0].env).toContainEqual({
        name: 'PUBLIC_HTTPS_URL',
        value: 'https://atelier.example.org',
      });
    },
    postgresPeer: [
      {
        podSelector: { matchLabels: { app: 'postgresql' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bases' } },
      },
    ],
  },
  {
    name: 'an existing Secret, one router, no PDB nor NetworkPolicy, from a values file',
    args: ['-f', 'values-existing-secret.yaml'],
    replicas: 4,
    routers: 1,
    kinds: ['Service', 'Service', 'Deployment', 'StatefulSet'],
    secret: 'atelier-secrets-from-vault',
    more: (objects) => {
      const sts = objects.find((o) => o.kind === 'StatefulSet') as K8sObject;
      const pod = sts.spec.template.spec;
      const plain = pod.containers[0].env.filter((e: { value?: string }) => e.value !== undefined);
      expect(plain).toContainEqual({ name: 'SANDBOX_NODES', value: '2' });
      expect(plain).toContainEqual({ name: 'MAX_SANDBOXES', value: '60' });
      expect(plain.map((e: { name: string }) => e.name)).not.toContain('LOG_LEVEL');
      expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
      expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({
        storageClassName: 'fast-ssd',
        resources: { requests: { storage: '20Gi' } },
      });
    },
  },
  {
    name: "the kubernetes runtime: learners' pods as pods of this cluster",
    args: ['--set', `instructorToken=${TOKEN},replicas=1,platform.runtime=kubernetes`],
    replicas: 1,
    routers: 2,
    kinds: [
      'NetworkPolicy',
      'NetworkPolicy',
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'ServiceAccount',
      'Secret',
      'ClusterRole',
      'ClusterRoleBinding',
      'Service',
      'Service',
      'Deployment',
      'StatefulSet',
    ],
    secret: 'atelier-secrets',
    databaseUrl: '',
    more: (objects) => {
      const sts = objects.find((o) => o.kind === 'StatefulSet') as K8sObject;
      const pod = sts.spec.template.spec;
      const account = objects.find((o) => o.kind === 'ServiceAccount') as K8sObject;
      const role = objects.find((o) => o.kind === 'ClusterRole') as K8sObject;
      const binding = objects.find((o) => o.kind === 'ClusterRoleBinding') as K8sObject;
      // The replicas run as the chart's ServiceAccount, which the binding ties to the host role.
      expect(pod.serviceAccountName).toBe(account.metadata.name);
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role.metadata.name,
      });
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: account.metadata.name, namespace: 'default' },
      ]);
      const plain = pod.containers[0].env.filter((e: { value?: string }) => e.value !== undefined);
      expect(plain).toContainEqual({ name: 'RUNTIME', value: 'kubernetes' });
      expect(plain).toContainEqual({ name: 'HOST_NAMESPACE_PREFIX', value: 'atelier-' });
      // The replicas may reach the API server (the chart's other policies deny egress by default).
      const ports = objects
        .filter((o) => o.kind === 'NetworkPolicy')
        .flatMap((o) => (o.spec.egress ?? []) as { ports?: { port: number }[] }[])
        .flatMap((rule) => rule.ports ?? [])
        .map((port) => port.port);
      expect(ports).toEqual(expect.arrayContaining([443, 6443]));
      // The learners' DNS: served on the replica's Pod IP, reachable from the sandbox namespaces only.
      const env = pod.containers[0].env as { name: string; value?: string; valueFrom?: unknown }[];
      expect(env).toContainEqual({
        name: 'HOST_DNS_ADDRESS',
        valueFrom: { fieldRef: { fieldPath: 'status.podIP' } },
      });
      expect(plain).toContainEqual({ name: 'HOST_DNS_PORT', value: '10053' });
      expect(plain).toContainEqual({ name: 'HOST_SANDBOX_SERVICES', value: '30' });
      // No HTTPS in front of the platform: no address for kubeconfigs.
      expect(env.map((e) => e.name)).not.toContain('PUBLIC_HTTPS_URL');
      expect(plain).toContainEqual({
        name: 'HOST_DNS_POD_LABELS',
        value:
          'app.kubernetes.io/name=atelier,app.kubernetes.io/instance=atelier,app.kubernetes.io/component=platform',
      });
      const learnerDns = objects.find((o) => o.metadata.name.endsWith('-platform-learner-dns')) as K8sObject;
      expect(learnerDns.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { 'atelier.dev/sandbox-namespace': 'true' } } }],
          ports: [
            { port: 10053, protocol: 'UDP' },
            { port: 10053, protocol: 'TCP' },
          ],
        },
      ]);
    },
  },
];

/** VALUES_FILES are written to the test's directory before rendering. */
const VALUES_FILES: Record<string, string> = {
  'values-existing-secret.yaml': [
    'replicas: 4',
    'existingSecret: atelier-secrets-from-vault',
    'router: { replicas: 1 }',
    'podDisruptionBudget: { enabled: false }',
    'networkPolicy: { enabled: false }',
    'imagePullSecrets: [{ name: registry-credentials }]',
    'platform:',
    '  env: { LOG_LEVEL: null, SANDBOX_NODES: "2" }', // null removes a default, like helm
    '  nodeSelector: { kubernetes.io/os: linux }',
    '  persistence: { storageClass: fast-ssd, size: 20Gi }',
    '',
  ].join('\n'),
};

const renderers: Renderer[] = [];

describe.skipIf(goSkip !== undefined)('Helm chart rendered, then dry-run on mini-k8s', () => {
  let cluster: TestCluster;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-helm-'));
    for (const [name, text] of Object.entries(VALUES_FILES)) fs.writeFileSync(path.join(dir, name), text);
    renderers.push(buildGoRenderer(dir));
    if (helm) renderers.push(helm);
    cluster = await startTestCluster();
  }, 600_000);
  afterAll(async () => {
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const render = (r: Renderer, args: string[], release = 'atelier') =>
    r.render([
      release,
      CHART,
      '--namespace',
      'default',
      ...args.map((a) => (a in VALUES_FILES ? path.join(dir, a) : a)),
    ]);

  /** strictDryRun writes the manifests to `name` and applies them with a strict server-side dry run, which must pass. */
  const strictDryRun = async (r: Renderer, name: string, manifests: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, manifests);
    const applied = await cluster.kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', file]);
    expect({ renderer: r.name, code: applied.code, stderr: applied.stderr }).toEqual({
      renderer: r.name,
      code: 0,
      stderr: '',
    });
    return applied;
  };

  const objectsOf = (stdout: string): K8sObject[] =>
    parseAllDocuments(stdout)
      .map((d) => {
        expect(d.errors).toEqual([]);
        return d.toJS() as K8sObject | null;
      })
      .filter((o): o is K8sObject => o !== null);

  for (const set of VALUE_SETS) {
    it(`${set.name}: renders, passes a strict server-side dry run and holds the platform's facts`, async () => {
      for (const r of renderers) {
        const rendered = render(r, set.args);
        expect({ renderer: r.name, code: rendered.code, stderr: rendered.stderr }).toEqual({
          renderer: r.name,
          code: 0,
          stderr: '',
        });
        expect(rendered.stdout.split('\n')[0]).toBe('---');
        const objects = objectsOf(rendered.stdout);
        expect(objects.map((o) => o.kind)).toEqual(set.kinds);
        for (const o of objects) {
          expect(o.metadata.labels).toMatchObject({
            'app.kubernetes.io/name': 'atelier',
            'app.kubernetes.io/instance': 'atelier',
            'app.kubernetes.io/managed-by': 'Helm',
          });
        }
        checkFacts(objects, set);
        set.more?.(objects);

        const applied = await strictDryRun(r, `rendered-${VALUE_SETS.indexOf(set)}.yaml`, rendered.stdout);
        expect(applied.stdout.match(/\(server dry run\)/g)).toHaveLength(objects.length);
      }
    });
  }

  it('installs on mini-k8s: each replica gets the stable name REPLICAS lists, its own bound claim, and an address at once', async () => {
    const r = renderers[0];
    // Another release name: every name derives from the release (cours-atelier, cours-atelier-replicas…).
    const rendered = render(r, [...VALUE_SETS[1].args, '--namespace', 'atelier'], 'cours');
    expect(rendered.stderr).toBe('');
    const file = path.join(dir, 'install.yaml');
    fs.writeFileSync(file, rendered.stdout);
    expect((await cluster.kubectl(['create', 'namespace', 'atelier'])).code).toBe(0);
    const applied = await cluster.kubectl(['apply', '-n', 'atelier', '-f', file]);
    expect(applied.stderr).toBe('');
    const json = async (args: string[]) => {
      const got = await cluster.kubectl(['-n', 'atelier', 'get', ...args, '-o', 'json']);
      expect(got.stderr).toBe('');
      return JSON.parse(got.stdout);
    };
    const replicas = VALUE_SETS[1].replicas;
    // The router's addresses: http://<pod hostname>.<pod subdomain>.<namespace>.svc:8080, as Kubernetes DNS names them.
    const router = (await json(['deployment', 'cours-atelier-router'])) as K8sObject;
    const urls = router.spec.template.spec.containers[0].env.find(
      (e: { name: string }) => e.name === 'REPLICAS',
    ).value;
    const pods = await waitFor('the StatefulSet pods', async () => {
      const list = (await json(['pods', '-l', 'app.kubernetes.io/component=platform'])).items as {
        spec: { hostname: string; subdomain: string };
      }[];
      return list.length === replicas ? list : undefined;
    });
    expect(
      pods
        .map((p) => `http://${p.spec.hostname}.${p.spec.subdomain}.atelier.svc:8080`)
        .sort()
        .join(','),
    ).toBe(urls);
    await waitFor('every claim bound', async () => {
      const claims = (await json(['pvc'])).items as {
        metadata: { name: string };
        status: { phase: string };
      }[];
      const bound = claims.filter((c) => c.status.phase === 'Bound').map((c) => c.metadata.name);
      return bound.length === replicas ? bound : undefined;
    });
    // publishNotReadyAddresses: the router reaches a replica before it is ready (the image is not even pulled here).
    const addresses = await waitFor('the replicas in the headless Service', async () => {
      const subsets = ((await json(['endpoints', 'cours-atelier-replicas'])).subsets ?? []) as {
        addresses?: unknown[];
        ports: { port: number }[];
      }[];
      const n = subsets.reduce((sum, s) => sum + (s.addresses?.length ?? 0), 0);
      return n === replicas ? subsets : undefined;
    });
    expect(addresses[0].ports).toEqual([expect.objectContaining({ port: 8080 })]);
  });

  it('names a release that starts with a digit after the chart: every name stays valid (Services need a letter first)', async () => {
    for (const r of renderers) {
      const rendered = render(r, VALUE_SETS[1].args, '2026-cours');
      expect({ renderer: r.name, code: rendered.code, stderr: rendered.stderr }).toEqual({
        renderer: r.name,
        code: 0,
        stderr: '',
      });
      const objects = objectsOf(rendered.stdout);
      expect(objects.find((o) => o.kind === 'StatefulSet')?.metadata.name).toBe('atelier-2026-cours');
      for (const o of objects) expect(o.metadata.labels?.['app.kubernetes.io/instance']).toBe('2026-cours');
      await strictDryRun(r, 'digit-release.yaml', rendered.stdout);
    }
  });

  it('emits source comments like helm, leaves out partials and NOTES.txt, and drops empty documents', () => {
    for (const r of renderers) {
      const { stdout } = render(r, VALUE_SETS[0].args);
      const sources = [...stdout.matchAll(/^# Source: (.*)$/gm)].map((m) => m[1]);
      expect(new Set(sources)).toEqual(
        new Set([
          'atelier/templates/networkpolicy.yaml',
          'atelier/templates/pdb.yaml',
          'atelier/templates/secret.yaml',
          'atelier/templates/services.yaml',
          'atelier/templates/router.yaml',
          'atelier/templates/statefulset.yaml',
        ]),
      );
      expect(stdout.split(/^---$/m).filter((d) => d.trim() === '')).toHaveLength(1); // before the first ---
    }
  });

  it('refuses, in French, a missing or numeric instructor token, several replicas without PostgreSQL and a short session secret', () => {
    for (const r of renderers) {
      const noToken = render(r, []);
      expect(noToken.code).not.toBe(0);
      expect(noToken.stdout).toBe('');
      expect(noToken.stderr).toMatch(
        /^Error: execution error at \(atelier\/templates\/validate\.yaml:\d+:\d+\): instructorToken doit faire au moins 16 caractères/,
      );
      const noDatabase = render(r, ['--set', `instructorToken=${TOKEN}`]);
      expect(noDatabase.stderr).toMatch(
        /execution error at \(atelier\/templates\/validate\.yaml:\d+:\d+\): plusieurs réplicas partagent leur état dans PostgreSQL : renseignez postgresql\.url/,
      );
      const shortSecret = render(r, ['--set', `instructorToken=${TOKEN},replicas=1,sessionSecret=court`]);
      expect(shortSecret.stderr).toContain('sessionSecret doit faire au moins 32 caractères');
      // A numeric token is read as a number (from a values file: 1.2345678901234568e+16 in the Secret): refused.
      const numeric = render(r, ['--set', 'instructorToken=12345678901234567,replicas=1']);
      expect(numeric.stderr).toMatch(
        /execution error at \(atelier\/templates\/validate\.yaml:\d+:\d+\): instructorToken doit être une chaîne/,
      );
      const quoted = render(r, ['--set-string', 'instructorToken=12345678901234567', '--set', 'replicas=1']);
      expect(quoted.stdout).toContain('INSTRUCTOR_TOKEN: "12345678901234567"');
    }
  });
});

/** checkFacts asserts what the platform and the router need from the objects of one value set. */
function checkFacts(objects: K8sObject[], set: ValueSet) {
  const one = (kind: string, name?: string) => {
    const found = objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
    expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
    return found[0];
  };
  const sts = one('StatefulSet');
  const router = one('Deployment');
  const headless = one('Service', sts.spec.serviceName);
  const front = objects.find((o) => o.kind === 'Service' && o !== headless) as K8sObject;
  const platformPod = sts.spec.template;
  const routerPod = router.spec.template;

  // Replica counts, selectors and the stable names the router pins learners to.
  expect(sts.spec.replicas).toBe(set.replicas);
  expect(router.spec.replicas).toBe(set.routers);
  expect(platformPod.metadata.labels).toMatchObject(sts.spec.selector.matchLabels);
  expect(routerPod.metadata.labels).toMatchObject(router.spec.selector.matchLabels);
  expect(headless.spec.clusterIP).toBe('None');
  expect(platformPod.metadata.labels).toMatchObject(headless.spec.selector);
  expect(routerPod.metadata.labels).toMatchObject(front.spec.selector);
  expect(platformPod.metadata.labels).not.toMatchObject(front.spec.selector);
  const platform = platformPod.spec.containers[0];
  const routerContainer = routerPod.spec.containers[0];
  const env = (c: { env: { name: string; value?: string; valueFrom?: unknown }[] }, name: string) =>
    c.env.find((e) => e.name === name);
  const urls = Array.from(
    { length: set.replicas },
    (_, i) => `http://${sts.metadata.name}-${i}.${headless.metadata.name}.default.svc:8080`,
  );
  expect(env(routerContainer, 'REPLICAS')?.value).toBe(urls.join(','));
  expect(platform.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 8080 }));
  expect(env(platform, 'PORT')?.value).toBe('8080');
  expect(headless.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 'http' });
  expect(routerContainer.ports).toContainEqual(
    expect.objectContaining({ name: front.spec.ports[0].targetPort }),
  );

  // Secrets come from the Secret, never inline.
  for (const [c, keys] of [
    [platform, ['INSTRUCTOR_TOKEN', 'DATABASE_URL', 'SESSION_SECRET']],
    [routerContainer, ['DATABASE_URL']],
  ] as const) {
    for (const key of keys) {
      expect(env(c, key), key).toEqual({
        name: key,
        valueFrom: {
          secretKeyRef: { name: set.secret, key, ...(key === 'SESSION_SECRET' ? { optional: true } : {}) },
        },
      });
    }
  }
  const secrets = objects.filter((o) => o.kind === 'Secret');
  if (set.databaseUrl === undefined) {
    expect(secrets).toEqual([]);
  } else {
    expect(secrets[0].metadata.name).toBe(set.secret);
    expect(secrets[0].stringData).toMatchObject({ INSTRUCTOR_TOKEN: TOKEN, DATABASE_URL: set.databaseUrl });
  }

  // Probes on /healthz, data on the claimed volume, non-root and locked down.
  for (const probe of [platform.readinessProbe, platform.livenessProbe]) {
    expect(probe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  }
  expect(routerContainer.readinessProbe).toBeDefined();
  expect(env(platform, 'DATA_DIR')?.value).toBe('/data');
  expect(platform.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
  expect(sts.spec.volumeClaimTemplates.map((c: K8sObject) => c.metadata.name)).toEqual(['data']);
  for (const pod of [platformPod, routerPod]) {
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    // Only the replicas of the kubernetes runtime call the API server (their own `more` checks the account).
    const callsTheApi = pod === platformPod && env(platform, 'RUNTIME')?.value === 'kubernetes';
    expect(pod.spec.automountServiceAccountToken).toBe(callsTheApi);
    for (const c of pod.spec.containers) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  }

  // Disruption budgets, network policies and the Ingress select what exists.
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const pod = pdb.metadata.name.endsWith('-router') ? routerPod : platformPod;
    expect(pod.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
  }
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const pod = policy.metadata.name.endsWith('-router') ? routerPod : platformPod;
    expect(pod.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
    // The kubernetes runtime's `-host-api` policy only adds egress to the API server, its `-learner-dns` only
    // ingress from the sandbox namespaces (both checked by their value set).
    const addOn = ['-host-api', '-learner-dns'].some((suffix) => policy.metadata.name.endsWith(suffix));
    if (pod === platformPod && !addOn) {
      expect(policy.spec.ingress).toEqual([
        {
          from: [{ podSelector: { matchLabels: router.spec.selector.matchLabels } }],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ]);
      const toPostgres = policy.spec.egress.find((rule: { ports: { port: number }[] }) =>
        rule.ports.some((p) => p.port === 5432),
      );
      expect(toPostgres.to).toEqual(set.postgresPeer);
    }
  }
  const ingress = objects.find((o) => o.kind === 'Ingress');
  if (ingress) {
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(front.metadata.name);
    expect(front.spec.ports.map((p: { name: string }) => p.name)).toContain(backend.port.name);
  }
}
