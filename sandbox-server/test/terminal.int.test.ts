/**
 * The in-page terminal end to end: the real platform process, a learner's sandbox (a whole simulated
 * cluster), the terminal WebSocket, the built-in shell and our TypeScript kubectl. The test types like a
 * learner and reads the screen through a small terminal model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from './support/platform';
import { openTerminal } from './support/terminal';

let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform({ SIMULATION_SPEED: '0' });
});
afterAll(async () => {
  await platform?.stop();
});

describe('the terminal of a sandbox (WebSocket, built-in shell, TypeScript kubectl)', () => {
  it('shows the prompt and lists the three nodes of the learner’s cluster', async () => {
    const t = await openTerminal(platform);
    await t.waitFor(/apprenant@atelier:~\$\s*$/m);
    t.type('kubectl get nodes\r');
    const screen = await t.waitFor(/node02\s+Ready/);
    expect(screen).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(screen).toMatch(/controlplane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.4/);
    expect(screen).toMatch(/node01\s+Ready\s+<none>/);
    t.close();
  });

  it('applies a Deployment from a heredoc and sees its pods running', async () => {
    const t = await openTerminal(platform);
    await t.waitFor(/\$\s*$/m);
    t.type(
      [
        'cat <<EOF | kubectl apply -f -',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  replicas: 3',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      containers:',
        '      - name: nginx',
        '        image: nginx:1.25',
        'EOF',
        '',
      ].join('\r'),
    );
    await t.waitFor(/deployment\.apps\/web created/);
    // The simulated cluster runs the pods at once (SIMULATION_SPEED=0); poll like a learner would.
    let screen = '';
    for (let i = 0; i < 20; i++) {
      t.type('k get pods -l app=web --no-headers | grep -c Running\r');
      screen = await t.waitFor(/\n\d+\s*\n[^\n]*\$\s*$/);
      if (/\n3\s*\n[^\n]*\$\s*$/.test(screen)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(screen).toMatch(/\n3\s*\n[^\n]*\$\s*$/);
    t.close();
  });

  it('execs into a pod and keeps the namespace chosen with kubectl config', async () => {
    const t = await openTerminal(platform);
    await t.waitFor(/\$\s*$/m);
    t.type('kubectl run box --image=busybox -- sleep 3600\r');
    await t.waitFor(/pod\/box created/);
    for (let i = 0; i < 50; i++) {
      t.type(`kubectl get pod box -o jsonpath='{.status.phase}{"-check-${i}\\n"}'\r`);
      const screen = await t.waitFor(new RegExp(`-check-${i}\\n`));
      if (new RegExp(`Running-check-${i}`).test(screen)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Single quotes: the pod's shell expands $(hostname), not the learner's.
    t.type("kubectl exec box -- sh -c 'echo salut depuis $(hostname)'\r");
    await t.waitFor(/salut depuis box/);
    t.type('kubectl config set-context --current --namespace=kube-system\r');
    await t.waitFor(/Context "atelier" modified\./);
    t.type('kubectl get pods\r');
    await t.waitFor(/No resources found in kube-system namespace\./);
    t.close();
  });

  it('puts the terminal in raw mode for kubectl exec -it: one echo (the container’s), Ctrl-C reaches the pod', async () => {
    const t = await openTerminal(platform);
    await t.waitFor(/\$\s*$/m);
    t.type('kubectl run tty --image=busybox:1.36 -- sleep 3600\r');
    await t.waitFor(/pod\/tty created/);
    t.type('kubectl wait --for=condition=Ready pod/tty --timeout=60s\r');
    await t.waitFor(/pod\/tty condition met/, 60_000);
    t.type('kubectl exec -it tty -- sh\r');
    await t.waitFor(/^\/ #\s*$/m);
    t.type('echo une-seule-fois\r');
    let screen = await t.waitFor(/^une-seule-fois\n\/ #\s*$/m);
    // The typed line shows once: the platform's shell no longer echoes what goes to the container's TTY.
    expect(screen.match(/echo une-seule-fois/g)).toHaveLength(1);
    // Ctrl-C interrupts the line in the container's shell, not kubectl: the pod's prompt comes back.
    t.type('sleep 30\r');
    await t.waitFor(/sleep 30\s*$/);
    t.type('\x03');
    await t.waitFor(/\^C\n\/ #\s*$/);
    // `exit` returns the last status, that of the interrupted sleep (130), which kubectl reports as upstream.
    t.type('exit\r');
    await t.waitFor(/exit\ncommand terminated with exit code 130\n[^\n]*\$\s*$/);
    // Back in the platform's shell, which echoes again (cooked mode) and runs commands.
    t.type('echo retour\r');
    screen = await t.waitFor(/^retour\n[^\n]*\$\s*$/m);
    expect(screen.match(/echo retour/g)).toHaveLength(1);
    t.close();
  });
});
