/**
 * storageFailureOf recognises the storage failures a learner can meet when the machine is in trouble: the
 * platform database locked by another connection past its busy timeout, or a full disk (the platform
 * database, a sandbox's cluster file, or any file of DATA_DIR). app.ts turns them into clear French answers
 * (503 with Retry-After, 507) instead of the generic "unexpected error": nothing was written, the learner's
 * data is intact, and the learner knows whether to retry now or warn the instructor.
 */
import { messages } from '../messages';

/** StorageFailure is how the platform answers one storage failure. */
export interface StorageFailure {
  /** 503 when retrying soon will work (busy), 507 when space must be freed first (full). */
  status: 503 | 507;
  code: 'storage_busy' | 'storage_unavailable' | 'storage_full';
  message: string;
  retryAfterSeconds?: number;
}

const BUSY: StorageFailure = {
  status: 503,
  code: 'storage_busy',
  message: messages.storageBusy(),
  retryAfterSeconds: 1,
};
const UNAVAILABLE: StorageFailure = {
  status: 503,
  code: 'storage_unavailable',
  message: messages.storageUnavailable(),
  retryAfterSeconds: 5,
};
/** PostgreSQL SQLSTATEs meaning "retry soon": serialization failure after retries, deadlock, lock timeout. */
const PG_BUSY = new Set(['40001', '40P01', '55P03', '53300']);
/** PostgreSQL SQLSTATEs meaning the server is going away or not accepting connections yet. */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const FULL: StorageFailure = { status: 507, code: 'storage_full', message: messages.storageFull() };

export function storageFailureOf(err: unknown): StorageFailure | undefined {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = 'code' in e ? (e as { code: unknown }).code : undefined;
    const message = e instanceof Error ? e.message : '';
    if (typeof code === 'string') {
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return BUSY;
      if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === '53100') return FULL;
      if (PG_BUSY.has(code)) return BUSY;
      if (PG_UNAVAILABLE.has(code) || code === 'PLATFORM_DB_UNREACHABLE') return UNAVAILABLE;
    }
    // The sandboxes' clusters (mini-k8s storage) report these as Status errors with fixed texts.
    if (message.startsWith('storage is busy:')) return BUSY;
    if (message.startsWith('storage is full:')) return FULL;
  }
  return undefined;
}
