/**
 * A tiny recording API server for tests that need the REAL bodies kubectl sends. It answers the gcloud
 * dispatcher's `GET /version` with v1.32.4 (so the built-in kubectl 1.32.4 runs), serves just enough legacy
 * discovery for kubectl to resolve deployments and the review APIs, returns configured objects for GETs,
 * records every POST body, and answers each POST with the JSON object the test supplies.
 */
import { execFile } from 'node:child_process';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** CapturedRequest is one recorded POST. */
export interface CapturedRequest {
  url: string;
  contentType: string;
  body: Uint8Array;
}

/** KubectlResult is the outcome of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

const VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' };

function resourceList(groupVersion: string, resources: [string, string, boolean][]): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map(([name, kind, namespaced]) => ({
      name,
      singularName: '',
      namespaced,
      kind,
      verbs: name.includes('review')
        ? ['create']
        : ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    })),
  };
}

const GROUPS: Record<string, [string, string, boolean][]> = {
  'apps/v1': [
    ['deployments', 'Deployment', true],
    ['deployments/scale', 'Scale', true],
  ],
  'autoscaling/v1': [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true]],
  'authorization.k8s.io/v1': [
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', true],
  ],
  'authentication.k8s.io/v1': [['selfsubjectreviews', 'SelfSubjectReview', false]],
};

/** DISCOVERY maps discovery paths to their legacy (non-aggregated) documents. */
const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/api/v1': resourceList('v1', [
    ['nodes', 'Node', false],
    ['pods', 'Pod', true],
    ['serviceaccounts', 'ServiceAccount', true],
    ['serviceaccounts/token', 'TokenRequest', true],
  ]),
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: Object.keys(GROUPS).map((gv) => {
      const [name, version] = gv.split('/');
      return {
        name,
        versions: [{ groupVersion: gv, version }],
        preferredVersion: { groupVersion: gv, version },
      };
    }),
  },
  ...Object.fromEntries(
    Object.entries(GROUPS).map(([gv, resources]) => [`/apis/${gv}`, resourceList(gv, resources)]),
  ),
};

/** CaptureServer records kubectl's POST bodies; `reply` decides what each POST gets back. */
export class CaptureServer {
  readonly posts: CapturedRequest[] = [];
  /** reply is the JSON answered (201) to the next POSTs. */
  reply: unknown = {};
  /** objects answers GETs by exact path (e.g. a deployment that `kubectl autoscale` reads). */
  readonly objects = new Map<string, unknown>();
  private server?: Server;

  /** start listens on an ephemeral 127.0.0.1 port and returns the base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** stop closes the server. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST') {
        this.posts.push({
          url: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        });
        send(201, this.reply);
      } else if (path === '/version') send(200, VERSION);
      else if (DISCOVERY[path]) send(200, DISCOVERY[path]);
      else if (this.objects.has(path)) send(200, this.objects.get(path));
      else {
        send(404, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          code: 404,
        });
      }
    });
  }
}

/** runKubectl runs kubectl asynchronously (the capture server lives in this process) with extra args. */
export function runKubectl(args: string[], env: Record<string, string> = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      args,
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
