/**
 * The meta.k8s.io/v1 Table types (apimachinery `metav1.Table`) and the printer contract every
 * resource family implements. Field names and optionality follow the Go JSON tags exactly, since
 * kubectl decodes these objects: `columnDefinitions` and `rows` have no `omitempty`, so an absent
 * list is serialised as `null`; row `conditions` is omitted when empty.
 */
import type { KubeObject, ListMeta } from '../../api/object';

/** TableCell is one cell value: upstream printers emit strings, int64 numbers and booleans. */
export type TableCell = string | number | boolean;

/** TableColumnDefinition is metav1.TableColumnDefinition; `priority` > 0 is shown only by `-o wide`. */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type: `string`, `integer`, `number`, `boolean` or `date`. */
  type: string;
  /** OpenAPI format modifier; `name` marks the primary identifier column. */
  format: string;
  description: string;
  priority: number;
}

/** TableRowCondition is metav1.TableRowCondition (only `Completed` is defined upstream). */
export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * TableRow is metav1.TableRow. `object` is a PartialObjectMetadata, the full object, or `null`
 * (includeObject=None: Go serialises the empty RawExtension as `null`).
 */
export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object: unknown;
}

/** Table is metav1.Table as served for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  /** `null` when the client asked for no headers (watch events after the first one). */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

/** PrintContext carries what a printer needs besides the object: the clock for ages and durations. */
export interface PrintContext {
  now: Date;
}

/** PrintedRow is what a printer produces for one object: the cells and optional row conditions. */
export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

/**
 * Printer renders one resource family. `columns` are the full (wide) column definitions; `print`
 * returns exactly one cell per column, as the real API server renders with `Wide: true`.
 */
export interface Printer {
  columns: readonly TableColumnDefinition[];
  print(obj: KubeObject, ctx: PrintContext): PrintedRow;
}

/**
 * column builds a TableColumnDefinition. `format` defaults to '' and `priority` to 0, the Go zero
 * values that upstream leaves implicit.
 */
export function column(
  name: string,
  type: string,
  description: string,
  options: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}
