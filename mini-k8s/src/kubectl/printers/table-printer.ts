/**
 * TablePrinter prints server-side Tables (meta.k8s.io/v1) as kubectl's HumanReadablePrinter does:
 * upper-cased headers of priority-0 columns (all columns with `-o wide`), a NAMESPACE column first for
 * `-A`, `kind/` prefixes on the name column when several kinds are printed, `-L` label columns and a
 * LABELS column, headers only once per column set and never for an empty table.
 */
import type { TabWriter } from './tabwriter';

/** TableColumn is a metav1.TableColumnDefinition. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  priority: number;
}

/** TableRow is a metav1.TableRow (object is PartialObjectMetadata or the full object). */
export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

/** Table is a metav1.Table. */
export interface Table {
  kind: 'Table';
  columnDefinitions: TableColumn[];
  rows: TableRow[];
  metadata?: { resourceVersion?: string };
}

export interface TablePrintOptions {
  noHeaders: boolean;
  wide: boolean;
  withNamespace: boolean;
  /** `kind.group` to prefix names with, when several kinds are printed. */
  kind?: string;
  showLabels: boolean;
  columnLabels: string[];
}

/** TablePrinter keeps header state across tables of the same kind (watch events, several lists). */
export class TablePrinter {
  private lastColumns?: TableColumn[];
  private printedHeaders = false;

  constructor(private readonly options: TablePrintOptions) {}

  /** print writes the table's lines into the tab writer. */
  print(table: Table, w: TabWriter): void {
    let noHeaders = this.options.noHeaders;
    const defs = table.columnDefinitions ?? [];
    if (this.printedHeaders && (defs.length === 0 || sameColumns(defs, this.lastColumns))) noHeaders = true;
    let columns = defs;
    if (defs.length === 0) columns = this.lastColumns ?? [];
    else if (!sameColumns(defs, this.lastColumns)) {
      this.lastColumns = defs;
      this.printedHeaders = false;
    }
    const rows = table.rows ?? [];
    if (rows.length > 0) this.printedHeaders = true;
    const { headers, cells } = decorate(columns, rows, this.options);
    if (!noHeaders) {
      if (rows.length === 0) return;
      w.write(headers.join('\t') + '\n');
    }
    for (const row of cells) w.write(row.join('\t') + '\n');
  }
}

function sameColumns(a: TableColumn[], b: TableColumn[] | undefined): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function decorate(
  columns: TableColumn[],
  rows: TableRow[],
  options: TablePrintOptions,
): { headers: string[]; cells: string[][] } {
  const visible = columns.map((c, i) => ({ c, i })).filter(({ c }) => options.wide || c.priority === 0);
  const headers: string[] = [];
  if (options.withNamespace) headers.push('NAMESPACE');
  headers.push(...visible.map(({ c }) => c.name.toUpperCase()));
  for (const label of options.columnLabels) headers.push(labelHeader(label));
  if (options.showLabels) headers.push('LABELS');
  const nameIndex = columns.findIndex((c) => c.format === 'name');
  const cells = rows.map((row) => {
    const meta = row.object?.metadata ?? {};
    const out: string[] = [];
    if (options.withNamespace) out.push(meta.namespace ?? '');
    for (const { i } of visible) {
      let text = cellText(row.cells[i]);
      if (i === nameIndex && options.kind) text = `${options.kind}/${text}`;
      out.push(text);
    }
    for (const label of options.columnLabels) out.push(meta.labels?.[label] ?? '');
    if (options.showLabels) out.push(formatLabels(meta.labels));
    return out;
  });
  return { headers, cells };
}

/** cellText formats one cell: strings cut at the first line break (`...` appended), others with %v. */
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const br = cell.search(/[\f\n\r]/);
    return escapeTerminal(br >= 0 ? cell.slice(0, br) + '...' : cell);
  }
  if (typeof cell === 'object') return escapeTerminal(JSON.stringify(cell));
  return escapeTerminal(String(cell));
}

/** escapeTerminal replaces control characters (except tab and line breaks) with caret notation (`^[`). */
function escapeTerminal(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    const control = (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
    out += control ? `^${String.fromCharCode(code ^ 0x40)}` : c;
  }
  return out;
}

/** labelHeader is the header of a `-L key` column: the key's last path segment, upper-cased. */
export function labelHeader(label: string): string {
  const parts = label.split('/');
  return parts[parts.length - 1].toUpperCase();
}

/** formatLabels is labels.FormatLabels: sorted `k=v` pairs joined by commas, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}
