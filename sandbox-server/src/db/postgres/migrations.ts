/**
 * POSTGRES_MIGRATIONS mirror the SQLite migrations (same versions, same tables and columns, same
 * constraints) in PostgreSQL's types: BIGINT for epoch milliseconds, INTEGER for counters and flags.
 * Each is applied once inside a transaction. Never edit a released migration: append a new one to both
 * lists with the same version.
 */
import type { Migration } from '../sqlite/migrations';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
          );`,
  },
  {
    version: 2,
    name: 'learners-sandboxes-workshops',
    sql: `CREATE TABLE learners (
            id TEXT PRIMARY KEY,
            created_at BIGINT NOT NULL,
            last_seen_at BIGINT NOT NULL
          );
          CREATE TABLE sandboxes (
            id TEXT PRIMARY KEY,
            learner_id TEXT NOT NULL UNIQUE REFERENCES learners(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'sleeping', 'expired')),
            nodes INTEGER NOT NULL,
            exercise_id TEXT,
            created_at BIGINT NOT NULL,
            last_active_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
          );
          CREATE INDEX sandboxes_state ON sandboxes (state);
          CREATE TABLE workshops (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            created_at BIGINT NOT NULL
          );
          CREATE TABLE workshop_members (
            workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            display_name TEXT NOT NULL,
            joined_at BIGINT NOT NULL,
            PRIMARY KEY (workshop_id, learner_id)
          );
          CREATE INDEX workshop_members_learner ON workshop_members (learner_id);
          CREATE TABLE exercise_progress (
            learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('not-started', 'started', 'passed', 'failed', 'revealed')),
            score INTEGER NOT NULL DEFAULT 0,
            max_score INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            time_spent_ms BIGINT NOT NULL DEFAULT 0,
            started_at BIGINT,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (learner_id, exercise_id)
          );`,
  },
  {
    version: 3,
    name: 'exercise-hints-solution-last-check',
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
    // RUNTIME=kubernetes; the CHECK of version 4 got PostgreSQL's default name.
    sql: `ALTER TABLE sandboxes DROP CONSTRAINT sandboxes_runtime_check;
          ALTER TABLE sandboxes ADD CONSTRAINT sandboxes_runtime_check
            CHECK (runtime IN ('simulated', 'docker', 'kubernetes'));`,
  },
];
