/**
 * DescribeWriter is kubectl describe's PrefixWriter over a text/tabwriter (minwidth 0, padding 2, spaces):
 * `write(level, text)` indents by two spaces per level, tabs separate aligned cells. It also holds the
 * helpers every describer shares: multi-line labels and annotations, and the Events table.
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from '../../apiserver/tables/age';
import { TabWriter } from '../printers/tabwriter';

/** MAX_ANNOTATION_LEN is where describe folds a long annotation onto its own lines. */
const MAX_ANNOTATION_LEN = 140;
/** SKIPPED_ANNOTATIONS are never shown (the last-applied configuration is noise). */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** EventObject is the part of a core/v1 Event describe prints. */
export interface EventObject extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export class DescribeWriter {
  private readonly tw = new TabWriter({ minWidth: 0, padding: 2, rememberWidths: false });
  private text = '';

  constructor(readonly now: Date = new Date()) {}

  /** write writes `text` indented by `level` (two spaces per level). */
  write(level: number, text: string): void {
    this.tw.write('  '.repeat(level) + text);
  }

  /** line writes `text` and a newline without indentation (PrefixWriter.WriteLine). */
  line(text: string): void {
    this.tw.write(text + '\n');
  }

  /** flush aligns what was written so far (describe flushes before the Events table). */
  flush(): void {
    this.text += this.tw.flush();
  }

  /** toString flushes and returns the whole description. */
  toString(): string {
    this.flush();
    return this.text;
  }

  /** labels is printLabelsMultiline: `Title:\tk=v` sorted, continuation lines start with a tab. */
  labels(
    title: string,
    labels: Record<string, string> | undefined,
    initialIndent = '',
    innerIndent = '\t',
  ): void {
    this.write(0, `${initialIndent}${title}:${innerIndent}`);
    const keys = sortedKeys(labels);
    if (keys.length === 0) {
      this.line('<none>');
      return;
    }
    keys.forEach((key, i) => {
      if (i !== 0) this.write(0, initialIndent + innerIndent);
      this.write(0, `${key}=${labels![key]}\n`);
    });
  }

  /** annotations is printAnnotationsMultiline: `key: value`, long or multi-line values folded. */
  annotations(title: string, annotations: Record<string, string> | undefined): void {
    this.write(0, `${title}:\t`);
    const keys = sortedKeys(annotations).filter((k) => !SKIPPED_ANNOTATIONS.has(k));
    if (keys.length === 0) {
      this.line('<none>');
      return;
    }
    keys.forEach((key, i) => {
      if (i !== 0) this.write(0, '\t');
      const value = annotations![key].replace(/\n$/, '');
      if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
        this.write(0, `${key}:\n`);
        for (const s of value.split('\n')) this.write(0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
      } else this.write(0, `${key}: ${value}\n`);
    });
  }

  /** events is DescribeEvents: `Events:\t<none>` or the Type/Reason/Age/From/Message table. */
  events(events: EventObject[]): void {
    if (events.length === 0) {
      this.write(0, 'Events:\t<none>\n');
      return;
    }
    this.flush();
    // SortableEvents orders by lastTimestamp; a stable sort keeps list order on ties.
    const sorted = [...events].sort((a, b) => time(a.lastTimestamp) - time(b.lastTimestamp));
    this.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
    this.write(1, '----\t------\t----\t----\t-------\n');
    for (const e of sorted) {
      const first = translateTimestampSince(e.eventTime || e.firstTimestamp, this.now);
      let interval: string;
      if (e.series) {
        interval = `${translateTimestampSince(e.series.lastObservedTime, this.now)} (x${e.series.count ?? 0} over ${first})`;
      } else if ((e.count ?? 0) > 1) {
        interval = `${translateTimestampSince(e.lastTimestamp, this.now)} (x${e.count} over ${first})`;
      } else interval = first;
      const source = e.source?.component || e.reportingComponent || '';
      this.write(
        1,
        `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`,
      );
    }
  }
}

function sortedKeys(record: Record<string, string> | undefined): string[] {
  return Object.keys(record ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function shorten(s: string, max: number): string {
  return byteLength(s) > max ? Buffer.from(s, 'utf8').subarray(0, max).toString('utf8') + '...' : s;
}

function time(ts: string | null | undefined): number {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
