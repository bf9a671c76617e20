/**
 * SHELL_KUBECTL=binary end to end: the real platform with HTTPS on a free port, a learner's terminal over
 * the WebSocket, and the built-in shell whose `kubectl` is the server's real kubectl binary talking to the
 * platform's /k8s/<id> API with the sandbox's own kubeconfig (the lesson users' contexts included).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKubectlBinary } from '../src/terminal/kubectl-binary';
import { startPlatform, type RunningPlatform } from './support/platform';
import { openTerminal } from './support/terminal';

const binary = findKubectlBinary(undefined);
let platform: RunningPlatform;
beforeAll(async () => {
  if (!binary) return;
  platform = await startPlatform({ SIMULATION_SPEED: '0', HTTPS_PORT: '0', SHELL_KUBECTL: 'binary' });
}, 60_000);
afterAll(async () => {
  await platform?.stop();
});

describe.skipIf(!binary)('the built-in shell with the real kubectl binary (SHELL_KUBECTL=binary)', () => {
  it('lists the three nodes, and alice is Forbidden through her context', async () => {
    const t = await openTerminal(platform, { cols: 160, rows: 40, waitMs: 60_000 });
    await t.waitFor(/apprenant@atelier:~\$\s*$/m);
    // The next line is typed while kubectl runs: it waits for the shell (kubectl reads no stdin here).
    t.type('kubectl get nodes\r');
    t.type('echo "apres $?"\r');
    const nodes = await t.waitFor(/^apres 0\s*$/m);
    expect(nodes).toMatch(/node02\s+Ready/);
    expect(nodes).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(nodes).toMatch(/controlplane\s+Ready\s+control-plane/);
    expect(nodes).toMatch(/node01\s+Ready\s+<none>/);

    t.type('k --context alice get pods; echo "alice $?"\r');
    const denied = await t.waitFor(/alice 1/);
    expect(denied).toContain(
      'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );

    // The binary's own kubeconfig (not the shell's ~/.kube/config): the sandbox's context, written 0600.
    t.type('kubectl config current-context\r');
    await t.waitFor(new RegExp(`^atelier-${t.id}\\s*$`, 'm'));
    const file = path.join(platform.dataDir, 'shell-kubectl', t.id, 'config');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/server: https:\/\/127\.0\.0\.1:\d+\/k8s\//);

    // Files of the server are out of reach: the guard answers in French, nothing is spawned.
    t.type('kubectl apply -f /etc/passwd; echo "apply $?"\r');
    const refused = await t.waitFor(/apply 1/);
    expect(refused).toContain('cat fichier.yaml | kubectl apply -f -');
    t.close();
  }, 180_000);

  it('reads a manifest on stdin, and Ctrl-C ends `kubectl get pods -w`', async () => {
    const t = await openTerminal(platform, { cols: 160, rows: 40, waitMs: 60_000 });
    await t.waitFor(/\$\s*$/m);
    t.type(
      [
        'cat <<EOF | kubectl apply -f -',
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  containers:',
        '  - name: web',
        '    image: nginx',
        'EOF',
        '',
      ].join('\r'),
    );
    await t.waitFor(/pod\/web created/);
    t.type('kubectl get pods -w\r');
    await t.waitFor(/^web\s+\d\/1\s+\S+/m);
    t.type('\x03');
    // Keys typed while kubectl runs are its stdin (as in a real terminal): wait for the prompt first.
    await t.waitFor(/\^C\s*\napprenant@atelier:~\$\s*$/);
    // Keys typed while kubectl runs are its stdin (as in a real terminal): wait for the prompt first.
    await t.waitFor(/\^C\s*\napprenant@atelier:~\$\s*$/);
    t.type('echo "watch $?"\r');
    await t.waitFor(/^watch 130\s*$/m);
    t.close();
  }, 180_000);
});
