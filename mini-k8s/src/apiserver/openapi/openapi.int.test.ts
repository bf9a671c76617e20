/**
 * The real kubectl against a tiny HTTP server that serves `/version`, aggregated discovery for pods
 * and deployments, and this module's `/openapi/v3` documents: `kubectl explain` must print the
 * upstream field descriptions and types.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiV3Document, openapiV3Index } from './documents';

const DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function discovery(
  group: string,
  resource: string,
  kind: string,
  singular: string,
  shortName: string,
): unknown {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [
      {
        metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
        versions: [
          {
            version: 'v1',
            freshness: 'Current',
            resources: [
              {
                resource,
                responseKind: { group, version: 'v1', kind },
                scope: 'Namespaced',
                singularResource: singular,
                verbs: VERBS,
                shortNames: [shortName],
                categories: ['all'],
              },
            ],
          },
        ],
      },
    ],
  };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (status: number, type: string, body: string): void => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };
  if (url.pathname === '/version') {
    send(200, 'application/json', JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.4' }));
  } else if (url.pathname === '/api') {
    send(200, DISCOVERY_TYPE, JSON.stringify(discovery('', 'pods', 'Pod', 'pod', 'po')));
  } else if (url.pathname === '/apis') {
    send(
      200,
      DISCOVERY_TYPE,
      JSON.stringify(discovery('apps', 'deployments', 'Deployment', 'deployment', 'deploy')),
    );
  } else if (url.pathname === '/openapi/v3') {
    send(200, 'application/json', JSON.stringify(openapiV3Index()));
  } else if (url.pathname.startsWith('/openapi/v3/')) {
    const doc = openapiV3Document(url.pathname.slice('/openapi/v3/'.length));
    if (doc) send(200, 'application/json', doc.body);
    else send(404, 'text/plain', 'not found');
  } else {
    send(404, 'text/plain', 'not found');
  }
}

let server: Server;
let base: string;
let cacheDir: string;

function kubectl(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      [...args, '--server', base, '--cache-dir', cacheDir],
      { env: { ...process.env, KUBECONFIG: join(cacheDir, 'none') }, timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'openapi-int-'));
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('kubectl explain against the served OpenAPI v3 documents', () => {
  it('explains pod.spec.containers with upstream descriptions', async () => {
    const { stdout } = await kubectl('explain', 'pod.spec.containers');
    expect(stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n/);
    expect(stdout).toMatch(/FIELD: containers <\[\]Container>/);
    expect(stdout).toContain('DESCRIPTION:');
    expect(stdout).toContain('List of containers belonging to the pod.');
    expect(stdout).toContain('A single application container that you want to run within a pod.');
    expect(stdout).toContain('FIELDS:');
    expect(stdout).toMatch(/\n {2}name\t<string> -required-\n/);
    expect(stdout).toMatch(/\n {2}imagePullPolicy\t<string>\n/);
    expect(stdout).toContain('`"IfNotPresent"` means that kubelet pulls if the image isn\'t present');
    expect(stdout).toMatch(/\n {2}ports\t<\[\]ContainerPort>\n/);
    expect(stdout).toMatch(/\n {2}resources\t<ResourceRequirements>\n/);
  });

  it('explains deployment.spec.strategy with its nested fields', async () => {
    const { stdout } = await kubectl('explain', 'deployment.spec.strategy');
    expect(stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(stdout).toMatch(/FIELD: strategy <DeploymentStrategy>/);
    expect(stdout).toContain('The deployment strategy to use to replace existing pods with new ones.');
    expect(stdout).toMatch(/\n {2}rollingUpdate\t<RollingUpdateDeployment>\n/);
    expect(stdout).toMatch(/\n {2}type\t<string>\n/);
    expect(stdout).toContain('`"Recreate"` Kill all existing pods before creating new ones.');
  });

  it('explains scalar special types the way upstream names them', async () => {
    const { stdout } = await kubectl('explain', 'deployment.spec.strategy.rollingUpdate');
    expect(stdout).toMatch(/\n {2}maxSurge\t<IntOrString>\n/);
    const limits = await kubectl('explain', 'pod.spec.containers.resources.limits');
    expect(limits.stdout).toMatch(/FIELD: limits <map\[string\]Quantity>/);
  });
});
