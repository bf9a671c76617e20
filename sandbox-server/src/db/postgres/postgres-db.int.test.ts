import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayWorkshopEvents, type WorkshopEvent, WorkshopEvents } from '../../workshops/event-bus';
import { storageFailureOf } from '../storage-failure';
import { runPlatformDbConformance } from '../testing/conformance';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../testing/postgres-server';
import { POSTGRES_MIGRATIONS } from './migrations';
import { numberPlaceholders, openPostgresDb, PostgresDb } from './postgres-db';

const skip = postgresSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)('PostgresDb (real throw-away PostgreSQL server)', () => {
  let server: TestPostgres;
  const opened: PostgresDb[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    for (const db of opened.splice(0)) await db.close();
    await server?.stop();
  });
  const open = async (): Promise<PostgresDb> => {
    const db = await openPostgresDb(await server.createDatabase(), { max: 4 });
    opened.push(db);
    return db;
  };

  runPlatformDbConformance('PostgreSQL', open);

  it('relays workshop events between replicas once each, the publisher’s own listeners included', async () => {
    const url = await server.createDatabase();
    const [one, two] = await Promise.all([openPostgresDb(url), openPostgresDb(url)]);
    opened.push(one, two);
    const busOne = new WorkshopEvents();
    const busTwo = new WorkshopEvents();
    const stops = [
      await relayWorkshopEvents(one, busOne, 'r1'),
      await relayWorkshopEvents(two, busTwo, 'r2'),
    ];
    const seenOne: WorkshopEvent[] = [];
    const seenTwo: WorkshopEvent[] = [];
    busOne.subscribe('w1', (e) => seenOne.push(e));
    busTwo.subscribe('w1', (e) => seenTwo.push(e));
    busTwo.subscribe('w2', () =>
      seenTwo.push({ type: 'progress', learnerId: 'wrong', exerciseId: 'workshop' }),
    );
    busOne.publish('w1', { type: 'member-joined', learnerId: 'l1', displayName: 'Léa' });
    busTwo.publish('w1', { type: 'progress', learnerId: 'l2', exerciseId: 'pods-1' });
    const deadline = Date.now() + 10_000;
    while ((seenOne.length < 2 || seenTwo.length < 2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Give a duplicate (if any) time to arrive before checking there is none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const expected = [
      { type: 'member-joined', learnerId: 'l1', displayName: 'Léa' },
      { type: 'progress', learnerId: 'l2', exerciseId: 'pods-1' },
    ];
    // Order across replicas is not guaranteed (each sees its own events first): compare as sets.
    for (const seen of [seenOne, seenTwo]) {
      expect(seen).toHaveLength(2);
      expect(seen).toEqual(expect.arrayContaining(expected));
    }
    for (const stop of stops) await stop();
  });

  it('lets replicas starting together migrate one database exactly once', async () => {
    const url = await server.createDatabase();
    const replicas = await Promise.all([1, 2, 3].map(() => openPostgresDb(url, { max: 2 })));
    opened.push(...replicas);
    const versions = await replicas[0].all<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions).toHaveLength(POSTGRES_MIGRATIONS.length);
  });

  it('rolls back a failing migration entirely', async () => {
    const url = await server.createDatabase();
    const broken = [
      ...POSTGRES_MIGRATIONS,
      { version: 99, name: 'broken', sql: 'CREATE TABLE x (a INT); SELECT nope FROM missing;' },
    ];
    await expect(openPostgresDb(url, { migrations: broken })).rejects.toThrow(/missing/);
    const db = await openPostgresDb(url);
    opened.push(db);
    expect(await db.get("SELECT to_regclass('x') AS t")).toEqual({ t: null });
    expect(await db.get('SELECT MAX(version) AS v FROM schema_migrations')).toEqual({
      v: POSTGRES_MIGRATIONS.length,
    });
  });

  it('survives a PostgreSQL outage: French 503 while down, working again once it is back, nothing lost', async () => {
    const db = await openPostgresDb(await server.createDatabase(), { connectionTimeoutMillis: 2000 });
    opened.push(db);
    await db.run("INSERT INTO settings (key, value, updated_at) VALUES ('before', '1', 'now')");
    server.halt();
    try {
      const during = await db.get('SELECT value FROM settings').catch((e: unknown) => e);
      expect(storageFailureOf(during)).toMatchObject({ status: 503, code: 'storage_unavailable' });
      const inTx = await db.transaction((tx) => tx.get('SELECT 1 AS one')).catch((e: unknown) => e);
      expect(storageFailureOf(inTx)).toMatchObject({ status: 503, code: 'storage_unavailable' });
    } finally {
      server.resume();
    }
    // The pool drops its dead connections and opens new ones.
    let after: unknown;
    for (let i = 0; i < 20; i++) {
      after = await db.get('SELECT value FROM settings WHERE key = ?', ['before']).catch((e: unknown) => e);
      if (!(after instanceof Error)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(after).toEqual({ value: '1' });
  });

  it('answers a clear busy error, not a crash, when the server is unreachable', async () => {
    const gone = new PostgresDb('postgres://atelier@127.0.0.1:1/none', {
      connectionTimeoutMillis: 2000,
    });
    const err = await gone.get('SELECT 1').catch((e: unknown) => e);
    await gone.close();
    expect(storageFailureOf(err)).toMatchObject({ status: 503, code: 'storage_unavailable' });
  });
});

describe('numberPlaceholders', () => {
  it.each([
    ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ["SELECT '?' , ? FROM t", "SELECT '?' , $1 FROM t"],
    ['SELECT "a?" FROM t WHERE x = ?', 'SELECT "a?" FROM t WHERE x = $1'],
    ['SELECT 1', 'SELECT 1'],
  ])('%s', (input, expected) => {
    expect(numberPlaceholders(input)).toBe(expected);
  });
});
