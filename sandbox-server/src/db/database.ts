/**
 * The platform database: which engine holds the shared state (see platform-db.ts) and the settings table.
 * SQLite in DATA_DIR is the default; DATABASE_URL=postgres://… (or postgresql://…) selects PostgreSQL, the
 * choice for several replicas behind the router (deploy/router).
 */
import path from 'node:path';
import type { PlatformDb, Queryable } from './platform-db';
import { openPostgresDb } from './postgres/postgres-db';
import { openSqliteDb } from './sqlite/sqlite-db';

export type { PlatformDb, Queryable } from './platform-db';
export { openSqliteDb as openDatabase } from './sqlite/sqlite-db';

/** Db is the platform database handed to the services. */
export type Db = PlatformDb;

/** openPlatformDb opens PostgreSQL when databaseUrl is set, else DATA_DIR/atelier.sqlite; migrations applied. */
export async function openPlatformDb(options: {
  dataDir: string;
  databaseUrl?: string;
}): Promise<PlatformDb> {
  if (options.databaseUrl) return openPostgresDb(options.databaseUrl);
  return openSqliteDb(path.join(options.dataDir, 'atelier.sqlite'));
}

/** getSetting reads a persisted setting. */
export async function getSetting(db: Queryable, key: string): Promise<string | undefined> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  return row?.value;
}

/** setSetting persists a setting (insert or replace). */
export async function setSetting(db: Queryable, key: string, value: string): Promise<void> {
  await db.run(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [key, value, new Date().toISOString()],
  );
}

/**
 * ensureSetting returns a setting, storing `create()` first when it is missing. Replicas starting together
 * on one PostgreSQL all get the value the first one stored (insert-if-absent, then read).
 */
export async function ensureSetting(db: Queryable, key: string, create: () => string): Promise<string> {
  await db.run(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    [key, create(), new Date().toISOString()],
  );
  return (await getSetting(db, key))!;
}
