/**
 * The default table (apiserver `rest.NewDefaultTableConvertor`) for resources without a printer
 * upstream, such as roles, cluster roles and limit ranges: Name and Created At, where the cell is the
 * creation time as an RFC 3339 UTC string (kubectl prints `NAME  CREATED AT`).
 */
import { parseTimestamp } from './age';
import * as d from './descriptions';
import { column } from './types';
import type { Printer } from './types';

/** rfc3339 formats epoch milliseconds like Go's time.RFC3339 in UTC (whole seconds, `Z`). */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** genericPrinter: Name, Created At (type date). A missing timestamp prints Go's zero time. */
export const genericPrinter: Printer = {
  columns: [
    column('Name', 'string', d.OBJECT_NAME, { format: 'name' }),
    column('Created At', 'date', d.OBJECT_CREATION_TIMESTAMP),
  ],
  print(obj) {
    const ms = parseTimestamp(obj.metadata.creationTimestamp);
    return { cells: [obj.metadata.name ?? '', ms === undefined ? '0001-01-01T00:00:00Z' : rfc3339(ms)] };
  },
};
