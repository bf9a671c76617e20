/**
 * MIGRATIONS are applied in order, once each, inside a transaction. Never edit a released migration:
 * append a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
          ) STRICT;`,
  },
  {
    version: 2,
    name: 'learners-sandboxes-workshops',
    // Times are epoch milliseconds (INTEGER): the sandbox manager compares them on every request.
    sql: `CREATE TABLE learners (
            id TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL
          ) STRICT;
          CREATE TABLE sandboxes (
            id TEXT PRIMARY KEY,
            learner_id TEXT NOT NULL UNIQUE REFERENCES learners(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'sleeping', 'expired')),
            nodes INTEGER NOT NULL,
            exercise_id TEXT,
            created_at INTEGER NOT NULL,
            last_active_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
          ) STRICT;
          CREATE INDEX sandboxes_state ON sandboxes (state);
          CREATE TABLE workshops (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            created_at INTEGER NOT NULL
          ) STRICT;
          CREATE TABLE workshop_members (
            workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            display_name TEXT NOT NULL,
            joined_at INTEGER NOT NULL,
            PRIMARY KEY (workshop_id, learner_id)
          ) STRICT;
          CREATE INDEX workshop_members_learner ON workshop_members (learner_id);
          CREATE TABLE exercise_progress (
            learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('not-started', 'started', 'passed', 'failed', 'revealed')),
            score INTEGER NOT NULL DEFAULT 0,
            max_score INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            time_spent_ms INTEGER NOT NULL DEFAULT 0,
            started_at INTEGER,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (learner_id, exercise_id)
          ) STRICT;`,
  },
  {
    version: 3,
    name: 'exercise-hints-solution-last-check',
    // Progress per learner, workshop or not: hints and solution revealed, and the last graded report (JSON).
    sql: `ALTER TABLE exercise_progress ADD COLUMN hints_revealed INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE exercise_progress ADD COLUMN solution_revealed INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE exercise_progress ADD COLUMN last_check TEXT;`,
  },
  {
    version: 4,
    name: 'sandbox-runtime',
    // The container runtime a sandbox asked for (server default, workshop or exercise); existing rows were
    // all started with the server default of their time, simulated unless RUNTIME=docker.
    sql: `ALTER TABLE sandboxes ADD COLUMN runtime TEXT NOT NULL DEFAULT 'simulated'
            CHECK (runtime IN ('simulated', 'docker'));`,
  },
  {
    version: 5,
    name: 'sandbox-runtime-kubernetes',
    // RUNTIME=kubernetes. SQLite cannot change a column's CHECK: the table is rebuilt (same columns, rows and
    // index; learners(id) stays the only reference, and nothing references sandboxes).
    sql: `CREATE TABLE sandboxes_v5 (
            id TEXT PRIMARY KEY,
            learner_id TEXT NOT NULL UNIQUE REFERENCES learners(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'sleeping', 'expired')),
            nodes INTEGER NOT NULL,
            exercise_id TEXT,
            created_at INTEGER NOT NULL,
            last_active_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            runtime TEXT NOT NULL DEFAULT 'simulated' CHECK (runtime IN ('simulated', 'docker', 'kubernetes'))
          ) STRICT;
          INSERT INTO sandboxes_v5 (id, learner_id, state, nodes, exercise_id, created_at, last_active_at, expires_at, runtime)
            SELECT id, learner_id, state, nodes, exercise_id, created_at, last_active_at, expires_at, runtime FROM sandboxes;
          DROP TABLE sandboxes;
          ALTER TABLE sandboxes_v5 RENAME TO sandboxes;
          CREATE INDEX sandboxes_state ON sandboxes (state);`,
  },
];
