/**
 * The router in front of three real HTTP + WebSocket servers standing for replicas, with the sandbox
 * directory read from a real PostgreSQL holding the platform's schema (skipped without PostgreSQL, like
 * the database conformance suite).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { openPostgresDb } from '../../sandbox-server/src/db/postgres/postgres-db';
import {
  postgresSkipReason,
  startTestPostgres,
  type TestPostgres,
} from '../../sandbox-server/src/db/testing/postgres-server';
import { MapSandboxDirectory, PostgresSandboxDirectory } from './directory';
import { createRouter, type Router } from './router';
import { learnerOfCookie } from './routing-key';

interface Replica {
  name: string;
  url: string;
  server: http.Server;
  /** Sandboxes this replica created, and those deleted again. */
  created: string[];
  deleted: string[];
}

/** startReplica answers every request with its name and what it received; /sse streams; /ws echoes. */
async function startReplica(name: string): Promise<Replica> {
  const wss = new WebSocketServer({ noServer: true });
  const created: string[] = [];
  const deleted: string[] = [];
  const server = http.createServer((req, res) => {
    // The platform's learner creation: POST /api/sandboxes without cookie makes a learner and sets the cookie.
    if (req.method === 'POST' && req.url === '/api/sandboxes') {
      const learner = learnerOfCookie(req.headers.cookie) ?? `L${Math.random().toString(36).slice(2, 10)}`;
      const id = `sb-${name}-${created.length}`;
      created.push(id);
      res.writeHead(201, {
        'content-type': 'application/json',
        'set-cookie': `atelier_learner=${learner}.1790000000.sig; Path=/; HttpOnly`,
      });
      return res.end(JSON.stringify({ id, replica: name, learner }));
    }
    if (req.method === 'DELETE' && req.url?.startsWith('/api/sandboxes/')) {
      deleted.push(req.url.slice('/api/sandboxes/'.length));
      res.writeHead(204);
      return res.end();
    }
    if (req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${name} 1\n\n`);
      setTimeout(() => res.end(`data: ${name} 2\n\n`), 200);
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'seen=1' });
      res.end(
        JSON.stringify({
          replica: name,
          method: req.method,
          url: req.url,
          body,
          forwardedFor: req.headers['x-forwarded-for'],
          forwardedHost: req.headers['x-forwarded-host'],
        }),
      );
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.includes('refuse')) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"error":"401"}',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(`hello from ${name}`);
      ws.on('message', (data, binary) => ws.send(binary ? data : `${name}: ${String(data)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    created,
    deleted,
  };
}

async function listen(router: Router): Promise<string> {
  await new Promise<void>((resolve) => router.server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(router.server.address() as AddressInfo).port}`;
}

const replicas: Replica[] = [];
const closers: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  replicas.push(...(await Promise.all(['r0', 'r1', 'r2'].map(startReplica))));
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  for (const r of replicas) {
    r.server.closeAllConnections();
    await new Promise((resolve) => r.server.close(resolve));
  }
});

/** nameOf is the name of the replica serving at a URL. */
function nameOf(replicaUrl: string): string {
  return replicas.find((r) => r.url === replicaUrl)!.name;
}

async function routerWith(directory = new MapSandboxDirectory()) {
  const router = createRouter({ replicas: replicas.map((r) => r.url), directory });
  const url = await listen(router);
  closers.push(async () => {
    router.server.closeAllConnections();
    await new Promise((resolve) => router.server.close(resolve));
  });
  return { router, url, directory };
}

describe('router (HTTP)', () => {
  it('pins a learner’s requests, by cookie and by sandbox, to the learner’s replica', async () => {
    const directory = new MapSandboxDirectory();
    const { router, url } = await routerWith(directory);
    for (let i = 0; i < 12; i++) {
      const learner = `learner${i}`;
      directory.set(`sb${i}`, learner);
      const owner = nameOf(router.ring.owner(learner));
      const cookie = `atelier_learner=${learner}.1790000000.sig`;
      const byCookie = (await (
        await fetch(`${url}/api/sandboxes`, { method: 'POST', headers: { cookie } })
      ).json()) as {
        replica: string;
      };
      const bySandbox = (await (await fetch(`${url}/k8s/sb${i}/api/v1/pods`)).json()) as { replica: string };
      const byInstructor = (await (await fetch(`${url}/api/workshops/w/learners/${learner}`)).json()) as {
        replica: string;
      };
      expect([byCookie.replica, bySandbox.replica, byInstructor.replica]).toEqual([owner, owner, owner]);
    }
  });

  it('places a new learner’s first sandbox on the learner’s own replica, deleting a misplaced one', async () => {
    const { router, url } = await routerWith();
    const before = new Map(replicas.map((r) => [r.name, r.deleted.length]));
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${url}/api/sandboxes`, { method: 'POST' });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; replica: string; learner: string };
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(learnerOfCookie(cookie.split(';')[0])).toBe(body.learner);
      expect(body.replica).toBe(nameOf(router.ring.owner(body.learner)));
      // The sandbox handed over is the one made by the learner's replica.
      expect(body.id.startsWith(`sb-${body.replica}-`)).toBe(true);
      // Later requests of this learner reach the same replica.
      const again = (await (
        await fetch(`${url}/api/sandboxes`, { method: 'POST', headers: { cookie: cookie.split(';')[0] } })
      ).json()) as { replica: string };
      expect(again.replica).toBe(body.replica);
    }
    const deletions = replicas.reduce((n, r) => n + r.deleted.length - before.get(r.name)!, 0);
    // With 3 replicas about 2 first sandboxes in 3 land on the wrong one and are deleted there.
    expect(deletions).toBeGreaterThan(0);
    for (const r of replicas) for (const id of r.deleted) expect(id.startsWith(`sb-${r.name}-`)).toBe(true);
  });

  it('spreads requests without a learner over every replica and forwards method, body and headers', async () => {
    const { url } = await routerWith();
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${url}/api/workshops?x=${i}`, { method: 'POST', body: `payload ${i}` });
      expect(res.headers.get('set-cookie')).toBe('seen=1');
      const body = (await res.json()) as {
        replica: string;
        method: string;
        url: string;
        body: string;
        forwardedFor: string;
      };
      expect(body).toMatchObject({ method: 'POST', url: `/api/workshops?x=${i}`, body: `payload ${i}` });
      expect(body.forwardedFor).toBe('127.0.0.1');
      seen.add(body.replica);
    }
    expect(seen).toEqual(new Set(['r0', 'r1', 'r2']));
  });

  it('streams server-sent events as they come', async () => {
    const { url } = await routerWith();
    const res = await fetch(`${url}/sse`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^data: r\d 1\n\n$/);
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toMatch(/data: r\d 2\n\n$/);
  });

  it('answers a French 502 for a learner whose replica is down, and fails over for the rest', async () => {
    const down = 'http://127.0.0.1:1';
    const router = createRouter({ replicas: [down, replicas[0].url], directory: new MapSandboxDirectory() });
    const url = await listen(router);
    closers.push(async () => {
      router.server.closeAllConnections();
      await new Promise((resolve) => router.server.close(resolve));
    });
    let learner = 'l0';
    for (let i = 0; router.ring.owner(learner) !== down; i++) learner = `l${i}`;
    const pinned = await fetch(`${url}/api/exercises`, {
      headers: { cookie: `atelier_learner=${learner}.1.s` },
    });
    expect(pinned.status).toBe(502);
    expect(((await pinned.json()) as { message: string }).message).toMatch(
      /^Le serveur qui héberge votre sandbox/,
    );
    for (let i = 0; i < 4; i++) {
      const free = await fetch(`${url}/healthz`);
      expect(free.status).toBe(200);
      expect(((await free.json()) as { replica: string }).replica).toBe('r0');
    }
  });
});

describe('router (WebSocket)', () => {
  it('proxies a learner’s terminal WebSocket to the learner’s replica, both ways, text and binary', async () => {
    const directory = new MapSandboxDirectory(new Map([['sbx', 'alice']]));
    const { router, url } = await routerWith(directory);
    const owner = nameOf(router.ring.owner('alice'));
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sandboxes/sbx/terminal`);
    const messages: string[] = [];
    const got = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.length >= n ? resolve() : setTimeout(check, 10));
        check();
      });
    ws.on('message', (data, binary) =>
      messages.push(binary ? `bin:${Buffer.from(data as Buffer).toString('hex')}` : String(data)),
    );
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send('ls');
    ws.send(Buffer.from([1, 2, 255]));
    await got(3);
    expect(messages).toEqual([`hello from ${owner}`, `${owner}: ls`, 'bin:0102ff']);
    ws.close();
  });

  it('passes a replica’s refusal of an upgrade on unchanged', async () => {
    const { url } = await routerWith();
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sandboxes/none/refuse`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });
});

const skip = postgresSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)(
  'PostgresSandboxDirectory (real PostgreSQL with the platform schema)',
  () => {
    let server: TestPostgres;
    beforeAll(async () => {
      server = await startTestPostgres();
    });
    afterAll(async () => server?.stop());

    it('finds the learner of a sandbox, caches it, and knows nothing of unknown ids', async () => {
      const url = await server.createDatabase();
      const db = await openPostgresDb(url);
      await db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', ['alice']);
      await db.run(
        `INSERT INTO sandboxes (id, learner_id, state, nodes, created_at, last_active_at, expires_at)
       VALUES ('sb1', 'alice', 'ready', 3, 0, 0, 0)`,
      );
      const directory = new PostgresSandboxDirectory(url);
      expect(await directory.learnerOf('sb1')).toBe('alice');
      expect(await directory.learnerOf('nope')).toBeUndefined();
      // Cached: a deleted row (expired then removed sandbox) still routes to the same replica.
      await db.run('DELETE FROM sandboxes');
      expect(await directory.learnerOf('sb1')).toBe('alice');
      await directory.close();
      await db.close();
    });
  },
);

describe('router process (deploy/router/main.ts)', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const start = (env: Record<string, string>) =>
    spawn(process.execPath, ['--import', 'tsx', 'deploy/router/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const outcome = (child: ReturnType<typeof start>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = '';
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('prêt')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('refuses a missing replica list or a missing database with French messages (exit 2)', async () => {
    const none = await outcome(start({ REPLICAS: '' }));
    expect(none).toMatchObject({ code: 2, output: expect.stringContaining('REPLICAS doit lister') });
    const bad = await outcome(start({ REPLICAS: 'atelier-0:8080' }));
    expect(bad.output).toContain('« atelier-0:8080 » n’est pas une adresse');
    const noDb = await outcome(start({ REPLICAS: 'http://a:1,http://b:1', DATABASE_URL: '' }));
    expect(noDb.output).toContain('DATABASE_URL est obligatoire');
  });

  it('starts with one replica and stops cleanly on SIGTERM', async () => {
    const run = await outcome(start({ REPLICAS: replicas[0].url, DATABASE_URL: '' }));
    expect(run.output).toContain('Routeur Atelier Kubernetes prêt');
    expect(run.code).toBe(0);
  });
});
