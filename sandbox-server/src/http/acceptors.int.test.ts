import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addAcceptors, type Acceptors } from './acceptors';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function listen(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`bonjour ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { server, port: (server.address() as net.AddressInfo).port };
}

/**
 * connectionsInOneTurn opens `n` connections from another process while this process's event loop is
 * blocked, then counts how many the server accepted in the first turn after the block.
 */
async function connectionsInOneTurn(server: http.Server, port: number, n: number): Promise<number> {
  const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'acceptors-')), 'connected');
  cleanups.push(() => fs.rmSync(path.dirname(marker), { recursive: true, force: true }));
  let accepted = 0;
  server.on('connection', () => accepted++);
  const client = spawn(
    process.execPath,
    [
      '-e',
      `const net = require('node:net'); let open = 0;
       for (let i = 0; i < ${n}; i++) net.connect(${port}, '127.0.0.1', () => {
         if (++open === ${n}) require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ok');
       });
       setTimeout(() => process.exit(0), 60000);`,
    ],
    { stdio: 'ignore' },
  );
  cleanups.push(() => void client.kill());
  return new Promise<number>((resolve, reject) => {
    // Block in a timer callback until every connection waits in the accept queue; the poll phase of
    // this same turn then accepts, and the immediate below runs right after it.
    setTimeout(() => {
      const deadline = Date.now() + 30_000;
      while (!fs.existsSync(marker)) {
        if (Date.now() > deadline) return reject(new Error('the client never connected'));
      }
      const settle = Date.now() + 50;
      while (Date.now() < settle) {
        // Let the kernel finish queueing the last handshake.
      }
      setImmediate(() => resolve(accepted));
    }, 0);
  });
}

describe('addAcceptors', () => {
  it('accepts several queued connections in one turn of a blocked event loop (one without)', async () => {
    const single = await listen();
    expect(await connectionsInOneTurn(single.server, single.port, 6)).toBe(1);

    const pooled = await listen();
    const acceptors = await addAcceptors(pooled.server, 4);
    cleanups.push(() => acceptors.close());
    expect(acceptors.count).toBe(4);
    expect(await connectionsInOneTurn(pooled.server, pooled.port, 6)).toBe(4);
  }, 60_000);

  it('hands every connection to the server: requests answered, connections closed with it', async () => {
    const { server, port } = await listen();
    const acceptors: Acceptors = await addAcceptors(server, 4);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        fetch(`http://127.0.0.1:${port}/n${i}`, { headers: { connection: 'close' } }).then((r) => r.text()),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 24 }, (_, i) => `bonjour /n${i}`));

    // A kept-alive connection, accepted by whichever descriptor, is closed by the server's own clean-up.
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /reste HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    acceptors.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closed;
    // Every descriptor is closed: the port no longer accepts.
    const refused = await new Promise<string>((resolve) => {
      const probe = net.connect(port, '127.0.0.1');
      probe.on('connect', () => {
        probe.destroy();
        resolve('connected');
      });
      probe.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  }, 60_000);

  it('keeps a single acceptor for a server that does not listen', async () => {
    const server = http.createServer();
    const warnings: string[] = [];
    const acceptors = await addAcceptors(server, 4, { warn: (m) => warnings.push(m) });
    expect(acceptors.count).toBe(1);
    expect(warnings).toEqual([]);
  });
});
