/**
 * The toolbox terminal end to end: the real platform process with RUNTIME=docker and TERMINAL=toolbox, two
 * learners, the terminal WebSocket of the page, and in each sandbox's toolbox container the real kubectl
 * (through the gateway forward to /k8s/<id>) and busybox's wget. Then the toolbox's life: kept (files
 * included) across a platform restart, removed with its sandbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LABELS } from '../../../mini-k8s/src/kubelet/runtime/docker/labels';
import { removeNetwork } from '../../../mini-k8s/src/kubelet/runtime/docker/network';
import { TOOLBOX_ROLE } from '../../../mini-k8s/src/kubelet/runtime/docker/toolbox';
import { gate, probeDocker } from '../../../mini-k8s/src/testing/requirements';
import { startPlatform, type RunningPlatform } from '../../test/support/platform';
import { ScreenModel } from '../shell/screen-model';
import { findKubectlBinary } from './kubectl-binary';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER') && findKubectlBinary(undefined) !== undefined;
const docker = new Docker();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-toolbox-'));
const ENV = {
  RUNTIME: 'docker',
  TERMINAL: 'toolbox',
  HTTPS_PORT: '0',
  SIMULATION_SPEED: '0',
  SANDBOX_NODES: '3',
};
let platform: RunningPlatform;

beforeAll(async () => {
  if (enabled) platform = await startPlatform(ENV, { dataDir, keepData: true });
});
afterAll(async () => {
  await platform?.stop();
  // Whatever a failed test left: every container and network of this run's sandboxes.
  for (const c of await docker.listContainers({ all: true, filters: { label: [LABELS.sandbox] } })) {
    if (c.Names.some((n) => sandboxIds.some((id) => n.includes(id))))
      await docker.getContainer(c.Id).remove({ force: true });
  }
  for (const n of await docker.listNetworks({ filters: { label: [LABELS.sandbox] } })) {
    // removeNetwork also deletes the network's gateway rules on the host.
    if (sandboxIds.some((id) => n.Name.includes(id)))
      await removeNetwork(docker, n.Name.slice('atelier-'.length)).catch(() => undefined);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** sandboxIds are the Docker-side ids of this run's sandboxes (for the final cleanup). */
const sandboxIds: string[] = [];

interface Learner {
  id: string;
  cookie: string;
  sandbox: Record<string, unknown>;
}

async function newLearner(): Promise<Learner> {
  const created = await fetch(`${platform.url}/api/sandboxes`, { method: 'POST' });
  expect(created.status).toBe(201);
  const cookie = created.headers.get('set-cookie')!.split(';')[0];
  const sandbox = (await created.json()) as Record<string, unknown>;
  const id = String(sandbox.id);
  sandboxIds.push(`sbx${id.replace(/[^a-z0-9]/gi, '').slice(0, 20)}`);
  return { id, cookie, sandbox };
}

interface Terminal {
  type(text: string): void;
  /** run types a command and waits for its marker line; returns the screen text after the command. */
  run(command: string, done: RegExp, ms?: number): Promise<string>;
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  close(): void;
}

async function openTerminal(learner: Learner): Promise<Terminal> {
  const url = `${platform.url.replace('http', 'ws')}/api/sandboxes/${learner.id}/terminal?cols=160&rows=50`;
  const ws = new WebSocket(url, { headers: { cookie: learner.cookie, origin: platform.url } });
  const screen = new ScreenModel(160, 50);
  let raw = '';
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const text = data.toString();
    raw += text;
    screen.write(text);
    // busybox ash asks where the cursor is (ESC[6n) to edit lines; answer like the page's xterm.js does.
    if (text.includes('\x1b[6n'))
      ws.send(Buffer.from(`\x1b[${screen.row + 1};${screen.col + 1}R`), { binary: true });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waitFor = async (pattern: RegExp, ms = 60_000, from = 0) => {
    const until = Date.now() + ms;
    for (;;) {
      if (pattern.test(raw.slice(from))) return raw.slice(from);
      if (from === 0 && pattern.test(screen.text())) return screen.text();
      if (Date.now() > until)
        throw new Error(`terminal never matched ${pattern}:\n${screen.text()}\n--- raw ---\n${raw}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const type = (text: string) => ws.send(Buffer.from(text), { binary: true });
  return {
    type,
    waitFor,
    async run(command, done, ms) {
      const from = raw.length;
      type(`${command}\r`);
      return waitFor(done, ms, from);
    },
    close: () => ws.close(),
  };
}

async function toolboxOf(dockerId: string) {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${LABELS.sandbox}=${dockerId}`, `${LABELS.role}=${TOOLBOX_ROLE}`] },
  });
  return list[0];
}

describe.skipIf(!enabled)('the toolbox terminal (TERMINAL=toolbox, RUNTIME=docker)', () => {
  let a: Learner;
  let b: Learner;
  let ta: Terminal;
  let tb: Terminal;

  it('runs the real kubectl in the toolbox through the page’s terminal WebSocket', async () => {
    a = await newLearner();
    expect(a.sandbox).toMatchObject({ runtime: 'docker', runtimeNotice: null });
    ta = await openTerminal(a);
    await ta.waitFor(/apprenant@atelier:~\$\s*$/m);
    const out = await ta.run('kubectl get nodes; echo "fin=$?"', /fin=\d+/);
    expect(out).toMatch(/fin=0/);
    expect(out).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    for (const node of ['controlplane', 'node01', 'node02'])
      expect(out).toMatch(new RegExp(`${node}\\s+Ready`));
    // The shell is the learner's, without privileges, in a busybox with the usual tools.
    const who = await ta.run('id; which vi wget nc; echo "fin=$?"', /fin=\d+/);
    expect(who).toMatch(/uid=10001\(apprenant\) gid=10001\(apprenant\)/);
    expect(who).toMatch(/fin=0/);
    const caps = await ta.run('grep CapEff /proc/self/status; echo "fin=$?"', /fin=\d+/);
    expect(caps).toMatch(/CapEff:\s+0000000000000000/);
  });

  it('reaches its own pods by IP, never another sandbox’s', async () => {
    b = await newLearner();
    tb = await openTerminal(b);
    await tb.waitFor(/apprenant@atelier:~\$\s*$/m);
    const podIp = async (t: Terminal) => {
      await t.run('kubectl run web --image=nginx; echo "fin=$?"', /fin=\d+/);
      const waited = await t.run(
        'kubectl wait --for=condition=Ready pod/web --timeout=120s; echo "fin=$?"',
        /fin=\d+/,
        150_000,
      );
      expect(waited).toMatch(/fin=0/);
      const out = await t.run("echo ip=$(kubectl get pod web -o jsonpath='{.status.podIP}')=", /ip=[\d.]+=/);
      return /ip=([\d.]+)=/.exec(out)![1];
    };
    const ipA = await podIp(ta);
    const ipB = await podIp(tb);
    expect(ipA).not.toBe(ipB);
    const own = await ta.run(
      `timeout 5 wget -qO- http://${ipA}/ | grep -c 'Welcome to nginx'; echo "fin=$?"`,
      /fin=\d+/,
    );
    expect(own).toMatch(/fin=0/);
    const other = await ta.run(`timeout 5 wget -qO- http://${ipB}/; echo "fin=$?"`, /fin=\d+/, 20_000);
    expect(other).not.toContain('Welcome to nginx');
    expect(other).not.toMatch(/fin=0/);
    tb.close();
  });

  it('keeps the toolbox and its files across a platform restart, and removes it with the sandbox', async () => {
    await ta.run('echo "gardé" > note.txt; echo "fin=$?"', /fin=\d+/);
    const dockerA = sandboxIds[0];
    const before = await toolboxOf(dockerA);
    expect(before).toBeDefined();
    ta.close();
    await platform.stop();
    platform = await startPlatform(ENV, { dataDir, keepData: true });
    ta = await openTerminal(a);
    await ta.waitFor(/apprenant@atelier:~\$\s*$/m, 120_000);
    const note = await ta.run('cat note.txt; kubectl get pod web -o name; echo "fin=$?"', /fin=\d+/);
    expect(note).toContain('gardé');
    expect(note).toContain('pod/web');
    expect((await toolboxOf(dockerA))?.Id).toBe(before.Id);
    ta.close();

    const deleted = await fetch(`${platform.url}/api/sandboxes/${a.id}`, {
      method: 'DELETE',
      headers: { cookie: a.cookie, origin: platform.url },
    });
    expect(deleted.status).toBe(204);
    const until = Date.now() + 60_000;
    for (;;) {
      const left = await docker.listContainers({
        all: true,
        filters: { label: [`${LABELS.sandbox}=${dockerA}`] },
      });
      const networks = (await docker.listNetworks()).filter((n) => n.Name === `atelier-${dockerA}`);
      if (left.length === 0 && networks.length === 0) break;
      if (Date.now() > until)
        throw new Error(`sandbox ${dockerA} left ${left.length} containers, ${networks.length} networks`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });
});
