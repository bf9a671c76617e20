/**
 * backup copies the platform's data directory into `target` while the platform runs: every SQLite database
 * through SQLite's online backup (a consistent snapshot even while writes go on), every other file as is.
 * Usage: node --import tsx deploy/backup/backup.ts TARGET [DATA_DIR]   (DATA_DIR defaults to $DATA_DIR)
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function isSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    return fs.readSync(fd, header, 0, 16, 0) === 16 && header.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** backupDataDir copies `source` into `target`; returns the number of databases and other files copied. */
export async function backupDataDir(
  source: string,
  target: string,
): Promise<{ databases: number; files: number }> {
  const counts = { databases: 0, files: 0 };
  const walk = async (dir: string): Promise<void> => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name);
      const to = path.join(target, path.relative(source, from));
      if (path.resolve(from) === path.resolve(target)) continue;
      if (entry.isDirectory()) {
        fs.mkdirSync(to, { recursive: true });
        await walk(from);
      } else if (entry.isFile()) {
        // WAL and shared-memory files are folded into the online backup of their database.
        if (/-(wal|shm|journal)$/.test(entry.name)) continue;
        fs.mkdirSync(path.dirname(to), { recursive: true });
        if (isSqlite(from)) {
          const db = new Database(from, { readonly: true, fileMustExist: true });
          try {
            await db.backup(to);
          } finally {
            db.close();
          }
          counts.databases++;
        } else {
          fs.copyFileSync(from, to);
          counts.files++;
        }
      }
    }
  };
  fs.mkdirSync(target, { recursive: true });
  await walk(source);
  return counts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const target = process.argv[2];
  const source = process.argv[3] ?? process.env.DATA_DIR;
  if (!target || !source) {
    console.error('usage: backup.ts TARGET [DATA_DIR]');
    process.exit(2);
  }
  const counts = await backupDataDir(source, target);
  console.error(`backup: ${counts.databases} databases, ${counts.files} other files -> ${target}`);
}
