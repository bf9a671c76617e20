/**
 * Exec checks: the decisions on a command's result (unit, table-driven), the exec request they send (fake
 * streams), and the whole path against a real in-process cluster (`createCluster({ speed: 0 })`) through
 * `kubeletStreams`: a ConfigMap file, an environment variable from a Secret, a Service reached with wget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import type { ExecRequest, KubectlStreams } from '../../../mini-k8s/src/kubectl/streams/streams';
import { StatusError } from '../../../mini-k8s/src/machinery/errors';
import { kubeletStreams } from '../in-process-streams';
import { type Check, type GradeContext, resolveKind } from './check';
import {
  decideEnv,
  decideFile,
  decideNoReach,
  decideReach,
  envVarEquals,
  type ExecResult,
  fileContains,
  podCannotReach,
  podReaches,
  reachability,
} from './exec';

const id = { id: 'c', title: 'c' };
const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
const failed = (stderr: string, exitCode = 1): ExecResult => ({ stdout: '', stderr, exitCode });

describe('reachability', () => {
  it.each([
    ['a response', ok('<html>'), { kind: 'reached', body: '<html>' }],
    ['a name that does not resolve', failed("wget: bad address 'api'\n"), 'nom introuvable (DNS)'],
    [
      'a refused connection',
      failed("wget: can't connect to remote host (10.96.0.5): Connection refused\n"),
      'connexion refusée',
    ],
    ['a timeout', failed('wget: download timed out\n'), 'délai dépassé'],
    [
      'an HTTP error',
      failed('wget: server returned error: HTTP/1.1 404 Not Found\n'),
      'erreur HTTP/1.1 404 Not Found',
    ],
    ['an unknown failure', failed('wget: something else\n'), 'wget: something else'],
  ])('reads %s', (_name, result, expected) => {
    const r = reachability(result);
    if (typeof expected === 'string') expect(r).toEqual({ kind: 'unreachable', reason: expected });
    else expect(r).toEqual(expected);
  });

  it('concludes nothing when the image has no wget', () => {
    expect(reachability(failed('sh: wget: not found\n', 127)).kind).toBe('unknown');
  });
});

describe('decisions', () => {
  it('decideReach requires a response and, when asked, a matching body', () => {
    expect(decideReach('http://api', undefined, ok('x'), 'Pod/a').passed).toBe(true);
    expect(decideReach('http://api', /Welcome/, ok('Welcome to nginx'), 'Pod/a').passed).toBe(true);
    expect(decideReach('http://api', 'bonjour', ok('salut\n'), 'Pod/a').message).toBe(
      'Attendu : réponse « bonjour » ; trouvé : « salut »',
    );
    expect(decideReach('http://api', undefined, failed('wget: download timed out'), 'Pod/a').message).toBe(
      'Attendu : Pod/a atteint http://api ; trouvé : délai dépassé',
    );
  });

  it('decideNoReach passes only on a definite failure', () => {
    expect(decideNoReach('http://db', failed('wget: download timed out'), 'Pod/a')).toEqual({
      passed: true,
      message: "Pod/a n'atteint pas http://db (délai dépassé)",
    });
    expect(decideNoReach('http://db', ok('x'), 'Pod/a').message).toBe(
      "Attendu : Pod/a n'atteint pas http://db ; trouvé : réponse reçue",
    );
    expect(decideNoReach('http://db', failed('sh: wget: not found', 127), 'Pod/a').passed).toBe(false);
  });

  it('decideFile tells a missing file from a different content', () => {
    expect(decideFile('/etc/app/mode', 'prod', ok('prod\n'), 'Pod/a').passed).toBe(true);
    expect(decideFile('/etc/app/mode', /^prod/, ok('production'), 'Pod/a').passed).toBe(true);
    expect(decideFile('/etc/app/mode', 'prod', ok('dev'), 'Pod/a').message).toBe(
      'Attendu : /etc/app/mode contient « prod » ; trouvé : « dev »',
    );
    expect(
      decideFile('/etc/app/mode', 'prod', failed('cat: /etc/app/mode: No such file or directory'), 'Pod/a')
        .message,
    ).toBe('Attendu : le fichier /etc/app/mode dans Pod/a ; trouvé : fichier absent');
  });

  it('decideEnv tells a missing variable from a different value', () => {
    expect(decideEnv('MODE', 'prod', ok('prod\n'), 'Pod/a').passed).toBe(true);
    expect(decideEnv('MODE', 'prod', failed(''), 'Pod/a').message).toBe(
      'Attendu : la variable MODE dans Pod/a ; trouvé : variable absente',
    );
    expect(decideEnv('MODE', 'prod', ok('dev\n'), 'Pod/a').message).toBe(
      'Attendu : MODE=« prod » ; trouvé : « dev »',
    );
  });
});

describe('exec requests (fake streams)', () => {
  const runningPod = {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { containers: [{ name: 'web' }, { name: 'sidecar' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'web', state: { running: {} } },
        { name: 'sidecar', state: { running: {} } },
      ],
    },
  };
  const fakeClient = (pods: unknown[]) =>
    ({
      get: async (_ref: unknown, _ns: string, name: string) => {
        const pod = pods.find((p) => (p as KubeObject).metadata.name === name);
        if (!pod) throw new StatusError(404, 'NotFound', `pods "${name}" not found`);
        return pod;
      },
      list: async () => ({ items: pods }),
    }) as unknown as ApiClient;
  const recording = (answer: { stdout?: string; stderr?: string; exitCode: number } | { error: string }) => {
    const requests: ExecRequest[] = [];
    const streams: KubectlStreams = {
      async exec(request, io) {
        requests.push(request);
        if ('error' in answer) return { error: new StatusError(500, 'InternalError', answer.error) };
        if (answer.stdout) io.stdout(answer.stdout);
        if (answer.stderr) io.stderr(answer.stderr);
        return { exitCode: answer.exitCode };
      },
    };
    return { requests, streams };
  };

  it('runs the command in the named container of the newest running selected pod', async () => {
    const { requests, streams } = recording({ stdout: 'ok', exitCode: 0 });
    const older = {
      ...runningPod,
      metadata: { ...runningPod.metadata, name: 'web-0', creationTimestamp: '2026-01-01T00:00:00Z' },
    };
    const newer = {
      ...runningPod,
      metadata: { ...runningPod.metadata, creationTimestamp: '2026-01-01T00:05:00Z' },
    };
    const pending = {
      ...runningPod,
      metadata: { name: 'web-2', namespace: 'default', creationTimestamp: '2026-01-01T00:09:00Z' },
      status: { phase: 'Pending' },
    };
    const ctx = { client: fakeClient([older, newer, pending]), namespace: 'default', streams };
    const check = podReaches({
      ...id,
      from: { selector: 'app=web', container: 'sidecar' },
      url: 'http://api',
    });
    expect(await check.run(ctx)).toEqual({ passed: true, message: 'Pod/web-1 atteint http://api' });
    expect(requests).toEqual([
      {
        namespace: 'default',
        pod: 'web-1',
        container: 'sidecar',
        command: ['wget', '-qO-', '-T', '2', 'http://api'],
        stdin: false,
        tty: false,
      },
    ]);
  });

  it('fails clearly without streams, without a pod, with a pod not running, or when exec fails', async () => {
    const check = fileContains({ ...id, pod: 'web-1', path: '/etc/x', content: 'y' });
    const client = fakeClient([runningPod]);
    expect((await check.run({ client, namespace: 'default' })).message).toMatch(/n'est pas disponible/);
    const { streams } = recording({ error: 'container not found' });
    expect((await check.run({ client: fakeClient([]), namespace: 'default', streams })).message).toBe(
      'Attendu : Pod/web-1 présent ; trouvé : aucun objet de ce nom',
    );
    const pending = { ...runningPod, status: { phase: 'Pending' } };
    expect((await check.run({ client: fakeClient([pending]), namespace: 'default', streams })).message).toBe(
      "Attendu : conteneur web de Pod/web-1 en cours d'exécution ; trouvé : Pending",
    );
    expect((await check.run({ client, namespace: 'default', streams })).message).toBe(
      'Attendu : « cat /etc/x » exécutée dans Pod/web-1 ; trouvé : container not found',
    );
  });
});

describe('exec checks on a real in-process cluster', () => {
  let cluster: Cluster;
  let ctx: GradeContext;

  async function until(check: Check, passed: boolean): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const outcome = await check.run(ctx);
      if (outcome.passed === passed || Date.now() > deadline)
        return outcome.passed === passed ? outcome.message : `unexpected: ${outcome.message}`;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const create = (kind: string, body: object) =>
    cluster.client.create(resolveKind(kind), 'default', body as KubeObject);

  beforeAll(async () => {
    cluster = await createCluster({ speed: 0 });
    ctx = {
      client: cluster.client,
      namespace: 'default',
      streams: kubeletStreams(cluster.client, cluster.nodeConnector),
    };
    await create('ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'conf' },
      data: { mode: 'prod' },
    });
    await create('Secret', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cle' },
      stringData: { token: 's3cret' },
    });
    await create('Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.25',
            env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'cle', key: 'token' } } }],
            volumeMounts: [{ name: 'conf', mountPath: '/etc/app' }],
          },
        ],
        volumes: [{ name: 'conf', configMap: { name: 'conf' } }],
      },
    });
    await create('Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'client', labels: { app: 'client' } },
      spec: { containers: [{ name: 'sh', image: 'busybox:1.37', command: ['sleep', '3600'] }] },
    });
    await create('Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
  }, 30_000);
  afterAll(() => cluster?.close());

  it('reads a mounted ConfigMap file', async () => {
    expect(
      await until(fileContains({ ...id, pod: 'web', path: '/etc/app/mode', content: 'prod' }), true),
    ).toBe('/etc/app/mode lu dans Pod/web');
    expect(
      await until(fileContains({ ...id, pod: 'web', path: '/etc/app/other', content: 'x' }), false),
    ).toBe('Attendu : le fichier /etc/app/other dans Pod/web ; trouvé : fichier absent');
  });

  it('reads an environment variable from a Secret', async () => {
    expect(
      await until(envVarEquals({ ...id, selector: 'app=web', name: 'TOKEN', value: 's3cret' }), true),
    ).toBe('TOKEN définie dans Pod/web');
    expect(await until(envVarEquals({ ...id, pod: 'web', name: 'ABSENT', value: 'x' }), false)).toBe(
      'Attendu : la variable ABSENT dans Pod/web ; trouvé : variable absente',
    );
  });

  it('decides reachability from what the pod wget returns', async () => {
    const from = { pod: 'client' };
    expect(await until(podCannotReach({ ...id, from, url: 'http://absent.default' }), true)).toBe(
      "Pod/client n'atteint pas http://absent.default (nom introuvable (DNS))",
    );
    // Pod-to-pod traffic depends on the simulated network (being built): the answer must be definite.
    const web = await cluster.client.get<KubeObject & { status?: { podIP?: string } }>(
      resolveKind('Pod'),
      'default',
      'web',
    );
    const url = `http://${web.status?.podIP}`;
    const reach = await podReaches({ ...id, from, url, body: /Welcome to nginx/ }).run(ctx);
    const noReach = await podCannotReach({ ...id, from, url }).run(ctx);
    expect(reach.passed).not.toBe(noReach.passed);
    // The nginx image (Debian) has no wget: nothing can be concluded either way.
    expect(await until(podCannotReach({ ...id, from: { pod: 'web' }, url }), false)).toBe(
      "Attendu : la commande wget dans le conteneur de Pod/web ; trouvé : absente de l'image",
    );
  });
});
