/** BenchResult is what one benchmark suite reports: a Markdown table and the raw numbers. */
export interface BenchResult {
  title: string;
  /** One sentence on what was measured and how (machine, load, sizes). */
  method: string;
  columns: string[];
  rows: (string | number)[][];
  /** Raw numbers for machines (written as JSON). */
  raw: unknown;
}

/** BenchSuite is a benchmark file under bench/suites/. */
export interface BenchSuite {
  name: string;
  run(): Promise<BenchResult>;
}

/** percentile returns the p-th percentile (0-100) of the values (nearest-rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** ms formats milliseconds with a sensible precision. */
export function ms(value: number): string {
  return value < 1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1);
}
