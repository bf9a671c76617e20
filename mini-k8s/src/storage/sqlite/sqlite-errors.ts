/**
 * toStorageError maps SQLite failures to StatusErrors with a clear message, so the API server answers
 * 503 (retryable: the database is locked) or 500 (disk full, I/O error, corruption) instead of crashing.
 * StatusErrors thrown by the store's own checks pass through unchanged.
 */
import { errors, isStatusError, StatusError } from '../../machinery/errors';

function sqliteCode(err: unknown): string | undefined {
  if (
    err &&
    typeof err === 'object' &&
    'code' in err &&
    typeof err.code === 'string' &&
    err.code.startsWith('SQLITE_')
  ) {
    return err.code;
  }
  return undefined;
}

export function toStorageError(err: unknown, path: string): unknown {
  if (isStatusError(err)) return err;
  const code = sqliteCode(err);
  if (!code) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StatusError(
      503,
      'ServiceUnavailable',
      `storage is busy: the database ${path} is locked by another process or connection (${code}); nothing was written, retry later`,
      { retryAfterSeconds: 1 },
    );
  }
  if (code.startsWith('SQLITE_FULL')) {
    return errors.internal(
      `storage is full: no space left for the database ${path} (${code}); the write was not applied`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return errors.internal(`storage is read-only: cannot write the database ${path} (${code}): ${detail}`);
  }
  return errors.internal(`storage failure on the database ${path} (${code}): ${detail}`);
}
