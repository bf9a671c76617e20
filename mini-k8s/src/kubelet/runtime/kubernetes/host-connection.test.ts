import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { connectHost, HostConfigError, inClusterCredentials, kubeconfigCredentials } from './host-connection';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-connection-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>, extra = {}): string {
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'host',
      clusters: [{ name: 'c', cluster: { server: 'https://host.example:6443', ...cluster } }],
      users: [{ name: 'u', user }],
      contexts: [
        { name: 'other', context: { cluster: 'missing', user: 'u' } },
        { name: 'host', context: { cluster: 'c', user: 'u' } },
      ],
      ...extra,
    }),
  );
  return file;
}

describe('kubeconfigCredentials', () => {
  it('reads the current context: server, CA data and token', () => {
    const file = kubeconfig({ 'certificate-authority-data': b64('CA PEM') }, { token: 'abc' });
    expect(kubeconfigCredentials(file)).toEqual({
      server: 'https://host.example:6443',
      ca: 'CA PEM',
      token: 'abc',
      source: `kubeconfig ${file} (context host)`,
    });
  });

  it('reads CA, certificate and key files relative to the kubeconfig, and a token file', () => {
    fs.writeFileSync(path.join(dir, 'ca.crt'), 'CA FILE');
    fs.writeFileSync(path.join(dir, 'client.crt'), 'CERT');
    fs.writeFileSync(path.join(dir, 'client.key'), 'KEY');
    const file = kubeconfig(
      { 'certificate-authority': 'ca.crt' },
      { 'client-certificate': 'client.crt', 'client-key': 'client.key', tokenFile: 'token' },
    );
    expect(kubeconfigCredentials(file)).toMatchObject({
      ca: 'CA FILE',
      cert: 'CERT',
      key: 'KEY',
      tokenFile: path.join(dir, 'token'),
    });
  });

  it.each([
    [{ server: 'http://host.example' }, {}, /is not https:\/\//],
    [{ 'insecure-skip-tls-verify': true }, { token: 't' }, /insecure-skip-tls-verify/],
    [
      {},
      { exec: { command: 'gke-gcloud-auth-plugin' } },
      /exec plugin or auth-provider, which is not supported/,
    ],
    [{}, { 'client-certificate-data': b64('CERT') }, /client certificate without its key/],
    [{}, {}, /has no token, tokenFile or client certificate/],
    [{ 'certificate-authority': 'nowhere.crt' }, { token: 't' }, /cannot read the CA file .*nowhere\.crt/],
  ])('refuses %j / %j with a clear message', (cluster, user, message) => {
    const file = kubeconfig(cluster, user);
    expect(() => kubeconfigCredentials(file)).toThrow(HostConfigError);
    expect(() => kubeconfigCredentials(file)).toThrow(message);
  });

  it('names a missing file, a missing context and a context without cluster', () => {
    expect(() => kubeconfigCredentials(path.join(dir, 'absent'))).toThrow(/cannot read the kubeconfig/);
    const noContext = kubeconfig({}, { token: 't' }, { 'current-context': 'nope' });
    expect(() => kubeconfigCredentials(noContext)).toThrow(/has no context named "nope"/);
    const noCluster = kubeconfig({}, { token: 't' }, { 'current-context': 'other' });
    expect(() => kubeconfigCredentials(noCluster)).toThrow(
      /names no cluster with a server \(cluster "missing"\)/,
    );
  });
});

describe('inClusterCredentials', () => {
  it('uses the service account token and CA and the kubernetes Service address', () => {
    fs.writeFileSync(path.join(dir, 'token'), 'sa-token\n');
    fs.writeFileSync(path.join(dir, 'ca.crt'), 'CLUSTER CA');
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(inClusterCredentials(env, dir)).toEqual({
      server: 'https://10.96.0.1:443',
      ca: 'CLUSTER CA',
      tokenFile: path.join(dir, 'token'),
      source: 'in-cluster',
    });
    expect(
      inClusterCredentials({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, dir)
        .server,
    ).toBe('https://[fd00::1]:443');
  });

  it('says what is missing outside a pod or without a mounted token', () => {
    expect(() => inClusterCredentials({}, dir)).toThrow(
      /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT/,
    );
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(() => inClusterCredentials(env, dir)).toThrow(/automountServiceAccountToken: true/);
  });
});

describe('connectHost', () => {
  it('sends the token file’s current content after the kubelet rotates it', async () => {
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'first');
    const host = connectHost({ server: 'https://host.example:6443', tokenFile, source: 'test' });
    expect(host.streams.token).toBe('first');
    // The kubelet replaces the file (new content, new modification time); the cache lasts one second.
    fs.writeFileSync(tokenFile, 'second');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(tokenFile, later, later);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(host.streams.token).toBe('second');
  });
});
