/**
 * SandboxDirectory tells the router which learner a sandbox belongs to. The PostgreSQL implementation
 * reads the platform's shared `sandboxes` table; answers are cached (a sandbox never changes learner),
 * unknown ids are not (the sandbox may be created a moment later).
 */
import pg from 'pg';

export interface SandboxDirectory {
  /** learnerOf returns the learner owning a sandbox, or undefined for an unknown sandbox. */
  learnerOf(sandboxId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** CACHE_SIZE bounds the cache (one entry per sandbox id seen: a few MB at most). */
const CACHE_SIZE = 50_000;

export class PostgresSandboxDirectory implements SandboxDirectory {
  private readonly pool: pg.Pool;
  private readonly cache = new Map<string, string>();

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => undefined);
  }

  async learnerOf(sandboxId: string): Promise<string | undefined> {
    const cached = this.cache.get(sandboxId);
    if (cached) return cached;
    const { rows } = await this.pool.query<{ learner_id: string }>(
      'SELECT learner_id FROM sandboxes WHERE id = $1',
      [sandboxId],
    );
    const learner = rows[0]?.learner_id;
    if (learner) {
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sandboxId, learner);
    }
    return learner;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** MapSandboxDirectory is a fixed directory (single-replica setups and tests). */
export class MapSandboxDirectory implements SandboxDirectory {
  constructor(private readonly entries: Map<string, string> = new Map()) {}

  set(sandboxId: string, learnerId: string): void {
    this.entries.set(sandboxId, learnerId);
  }

  learnerOf(sandboxId: string): Promise<string | undefined> {
    return Promise.resolve(this.entries.get(sandboxId));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
