import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LineEchoTerminals } from '../../test/support/line-echo-terminal';
import { cookieOf, INSTRUCTOR_TOKEN, testPlatform, type TestPlatform } from '../../test/support/services';
import { createLogger } from '../logger';
import { TerminalHub } from '../terminal/hub';
import { createUpgradeHandler } from './upgrade';

interface Harness {
  p: TestPlatform;
  url: string;
  host: string;
  terminals: LineEchoTerminals;
  close(): Promise<void>;
}
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

/** harness serves only the upgrade handler on 127.0.0.1 (HTTP routes go through app.request). */
async function harness(withTerminal = true): Promise<Harness> {
  const p = testPlatform();
  const terminals = new LineEchoTerminals();
  const hub = withTerminal ? new TerminalHub(terminals, 32) : undefined;
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on(
    'upgrade',
    createUpgradeHandler({
      sandboxes: p.services.sandboxes,
      identity: p.services.identity,
      ...(hub ? { terminals: hub } : {}),
      instructor: {
        token: INSTRUCTOR_TOKEN,
        session: p.services.instructorSession,
        workshops: p.services.workshops,
      },
      logger: createLogger('silent'),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const h: Harness = {
    p,
    url: `ws://${host}`,
    host,
    terminals,
    async close() {
      await hub?.closeAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await p.close();
    },
  };
  harnesses.push(h);
  return h;
}

async function learner(h: Harness) {
  const res = await h.p.app.request('/api/sandboxes', { method: 'POST' });
  return { cookie: cookieOf(res), id: ((await res.json()) as { id: string }).id };
}

/** Tab is a connected terminal WebSocket that records what it receives. */
interface Tab {
  ws: WebSocket;
  output: () => string;
  controls: unknown[];
  waitFor(text: string): Promise<void>;
  closed: Promise<number>;
}

function connect(h: Harness, path: string, headers: Record<string, string>): Promise<Tab> {
  const ws = new WebSocket(`${h.url}${path}`, { headers });
  let out = '';
  const controls: unknown[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  ws.on('message', (data, binary) => {
    if (binary) out += (data as Buffer).toString('utf8');
    else controls.push(JSON.parse((data as Buffer).toString('utf8')));
    for (const w of [...waiters]) if (out.includes(w.text)) w.resolve();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        output: () => out,
        controls,
        closed,
        waitFor: (text) =>
          out.includes(text) ? Promise.resolve() : new Promise((r) => waiters.push({ text, resolve: r })),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => reject(Object.assign(new Error(body), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
}

/** refusal connects expecting the handshake to be refused, and returns the HTTP status and body. */
async function refusal(h: Harness, path: string, headers: Record<string, string>) {
  const outcome = await connect(h, path, headers).then(
    (tab) => {
      tab.ws.close();
      return { status: 101, body: '' };
    },
    (e: unknown) => e as { status: number; body: string },
  );
  return outcome;
}

describe('terminal WebSocket', () => {
  it('shares one shell between tabs, carries resize, and replays scrollback on reconnect', async () => {
    const h = await harness();
    const a = await learner(h);
    const path = `/api/sandboxes/${a.id}/terminal?cols=100&rows=30`;
    const tab1 = await connect(h, path, { cookie: a.cookie, origin: `http://${h.host}` });
    await tab1.waitFor('$ ');
    expect(tab1.controls[0]).toEqual({ type: 'attached', sandboxId: a.id });
    expect(h.terminals.opened).toEqual([
      { sandboxId: a.id, learnerId: expect.any(String), cols: 100, rows: 30 },
    ]);

    const tab2 = await connect(h, path, { cookie: a.cookie });
    tab1.ws.send(Buffer.from('ls\r'));
    await tab2.waitFor('echo: ls');
    await tab1.waitFor('echo: ls');
    tab2.ws.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    await tab1.waitFor('[120 x 40]');
    tab2.ws.send('not json');
    await new Promise((r) => setTimeout(r, 20));
    expect(tab2.controls).toContainEqual({ type: 'error', message: expect.stringContaining('mal formé') });
    expect(h.terminals.opened).toHaveLength(1);

    tab1.ws.close();
    await tab1.closed;
    // Reconnect: the replay is the bounded scrollback (32 characters here), ending with the latest output.
    const tab3 = await connect(h, path, { cookie: a.cookie });
    await tab3.waitFor('[120 x 40]');
    expect(tab3.output().length).toBeLessThanOrEqual(32);
    tab3.ws.send(JSON.stringify({ type: 'input', data: 'exit\r' }));
    expect(await tab3.closed).toBe(1000);
    expect(tab3.controls).toContainEqual({ type: 'exit', code: 0 });
    expect(await tab2.closed).toBe(1000);
    expect(h.terminals.closed).toBe(1);
  });

  it('refuses other learners, anonymous callers and foreign origins', async () => {
    const h = await harness();
    const a = await learner(h);
    const b = await learner(h);
    const path = `/api/sandboxes/${a.id}/terminal`;
    const cases: [Record<string, string>, number, string][] = [
      [{ cookie: b.cookie }, 403, "appartient à quelqu'un d'autre"],
      [{}, 401, "Vous n'êtes pas identifié"],
      [{ cookie: a.cookie, origin: 'https://evil.example' }, 403, "ne vient pas d'une page de ce serveur"],
    ];
    for (const [headers, status, message] of cases) {
      const refused = await refusal(h, path, headers);
      expect(refused.status).toBe(status);
      expect(refused.body).toContain(message);
    }
    expect((await refusal(h, '/api/sandboxes/nope/terminal', { cookie: a.cookie })).status).toBe(404);
    expect(h.terminals.opened).toEqual([]);
  });

  it('answers 503 in French while no terminal provider is plugged in', async () => {
    const h = await harness(false);
    const a = await learner(h);
    const refused = await refusal(h, `/api/sandboxes/${a.id}/terminal`, { cookie: a.cookie });
    expect(refused).toMatchObject({
      status: 503,
      body: expect.stringContaining("Le terminal n'est pas disponible"),
    });
  });
});

describe('instructor read-only terminal', () => {
  it('shows the learner’s shell with its scrollback and ignores everything the instructor sends', async () => {
    const h = await harness();
    const a = await learner(h);
    const workshop = await h.p.services.workshops.create('Atelier');
    const learnerId = (await h.p.services.sandboxes.get(a.id))!.learnerId;
    await h.p.services.workshops.join(workshop, learnerId, 'Alice');
    const opened = await h.p.app.request('/api/instructor/session', {
      method: 'POST',
      headers: { authorization: `Bearer ${INSTRUCTOR_TOKEN}` },
    });
    const instructorCookie = cookieOf(opened);

    const tab = await connect(h, `/api/sandboxes/${a.id}/terminal`, { cookie: a.cookie });
    tab.ws.send(Buffer.from('pwd\r'));
    await tab.waitFor('echo: pwd');

    const path = `/api/workshops/${workshop.id}/learners/${learnerId}/terminal`;
    const view = await connect(h, path, { cookie: instructorCookie, origin: `http://${h.host}` });
    await view.waitFor('echo: pwd');
    expect(view.controls[0]).toEqual({ type: 'attached', sandboxId: a.id });
    view.ws.send(Buffer.from('rm -rf /\r'));
    view.ws.send(JSON.stringify({ type: 'input', data: 'exit\r' }));
    view.ws.send(JSON.stringify({ type: 'resize', cols: 10, rows: 5 }));
    view.ws.send('not json');
    tab.ws.send(Buffer.from('ls\r'));
    await view.waitFor('echo: ls');
    await tab.waitFor('echo: ls');
    // Nothing the instructor sent reached the shell or was answered.
    expect(tab.output()).not.toContain('rm -rf');
    expect(tab.output()).not.toContain('[10 x 5]');
    expect(view.output()).not.toContain('rm -rf');
    expect(view.controls).toEqual([{ type: 'attached', sandboxId: a.id }]);
    expect(h.terminals.opened).toHaveLength(1);
    view.ws.close();
    await view.closed;
    tab.ws.close();
  });

  it('refuses learners, foreign origins and unknown learners', async () => {
    const h = await harness();
    const a = await learner(h);
    const workshop = await h.p.services.workshops.create('Atelier');
    const learnerId = (await h.p.services.sandboxes.get(a.id))!.learnerId;
    await h.p.services.workshops.join(workshop, learnerId, 'Alice');
    const path = `/api/workshops/${workshop.id}/learners/${learnerId}/terminal`;
    expect((await refusal(h, path, { cookie: a.cookie })).status).toBe(401);
    const bearer = { authorization: `Bearer ${INSTRUCTOR_TOKEN}` };
    expect((await refusal(h, path, { ...bearer, origin: 'https://evil.example' })).status).toBe(403);
    expect((await refusal(h, `/api/workshops/${workshop.id}/learners/nobody/terminal`, bearer)).status).toBe(
      404,
    );
    expect((await refusal(h, `/api/workshops/nope/learners/${learnerId}/terminal`, bearer)).status).toBe(404);
    expect(h.terminals.opened).toEqual([]);
  });
});

describe('/k8s upgrades', () => {
  it('checks the sandbox token before handing the upgrade to the cluster', async () => {
    const h = await harness();
    const a = await learner(h);
    const b = await learner(h);
    const path = `/k8s/${b.id}/api/v1/namespaces/default/pods/web/exec?command=sh`;
    const refused = await refusal(h, path, {
      authorization: `Bearer ${h.p.services.sandboxes.tokenFor(a.id)}`,
    });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    // With the right token the cluster's own API server answers: there is no pod `web` in b's cluster.
    const served = await refusal(h, path, {
      authorization: `Bearer ${h.p.services.sandboxes.tokenFor(b.id)}`,
    });
    expect(served.status).toBe(404);
    expect(JSON.parse(served.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "web" not found',
    });
    // A lesson user's token opens its own sandbox only, and reaches the cluster as that user (no rights yet).
    const aliceOf = (id: string) =>
      h.p.services.sandboxes.lessonUsers(id).find((u) => u.name === 'alice')!.token;
    const foreign = await refusal(h, path, { authorization: `Bearer ${aliceOf(a.id)}` });
    expect(foreign.status).toBe(401);
    const asAlice = await refusal(h, path, { authorization: `Bearer ${aliceOf(b.id)}` });
    expect(asAlice.status).toBe(403);
    expect(JSON.parse(asAlice.body)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message:
        'pods "web" is forbidden: User "alice" cannot get resource "pods/exec" in API group "" in the namespace "default"',
    });
  });
});
