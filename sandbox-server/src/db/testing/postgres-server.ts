/**
 * startTestPostgres starts a throw-away PostgreSQL server for the tests: initdb + pg_ctl in a temporary
 * folder, listening on a free port of 127.0.0.1 only (and a socket in that folder), trust authentication,
 * fsync off (the data is deleted at the end). initdb refuses to run as root: as root the server runs as the
 * `postgres` user of Debian's package when it exists, else as `nobody`.
 *
 * Without PostgreSQL it returns the reason to skip, unless REQUIRE_POSTGRES=1 (CI), where it throws.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** adminUrl reaches the `postgres` database as the superuser `atelier`. */
  adminUrl: string;
  /** createDatabase makes a fresh empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** halt stops the server (its data kept) and resume starts it again on the same port: outage tests. */
  halt(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** findPostgresBin returns the folder holding initdb and pg_ctl, or undefined. */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!fs.existsSync(debian)) return undefined;
  const versions = fs
    .readdirSync(debian)
    .filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(debian, versions[0], 'bin') : undefined;
}

/** postgresSkipReason is undefined when the tests can run, else a one-line reason (throws under REQUIRE_POSTGRES=1). */
export function postgresSkipReason(): string | undefined {
  const reason = findPostgresBin()
    ? undefined
    : 'PostgreSQL absent (no initdb on PATH nor under /usr/lib/postgresql/*/bin): PostgreSQL tests skipped';
  if (reason && process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but ${reason}`);
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** serverUser is the account the server runs as: ourselves, or an unprivileged one when we are root. */
function serverUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const known = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  return known.status === 0 ? 'postgres' : 'nobody';
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresSkipReason() ?? 'PostgreSQL absent');
  const user = serverUser();
  const run = (tool: string, args: string[]) => {
    const command = user ? 'runuser' : path.join(bin, tool);
    const full = user ? ['-u', user, '--', path.join(bin, tool), ...args] : args;
    return execFileSync(command, full, { stdio: 'pipe', encoding: 'utf8', timeout: 120_000 });
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pg-'));
  const data = path.join(dir, 'data');
  if (user) {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  run('initdb', [
    '-D',
    data,
    '-U',
    'atelier',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  let port = 0;
  const start = () => {
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
    const log = path.join(dir, 'server.log');
    run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
  };
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (err) {
      // Another process took the port between our probe and the server's bind: try another one.
      if (attempt >= 3) {
        const log = fs.existsSync(path.join(dir, 'server.log'))
          ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8')
          : '';
        throw new Error(`PostgreSQL did not start: ${String(err)}\n${log}`, { cause: err });
      }
    }
  }
  const adminUrl = `postgres://atelier@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    adminUrl,
    async createDatabase() {
      const name = `atelier_test_${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://atelier@127.0.0.1:${port}/${name}`;
    },
    halt() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    resume() {
      start();
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
