/**
 * Test-only helpers shared by the `parity-describe-*` suites: the normalisation of describe output (ages,
 * IPs and UIDs masked by the harness, plus RFC 1123 and Go `time.String()` dates and event repeat counts,
 * which move between the two runs) and a setup step that fails loudly when the real kubectl refuses it.
 */
import { mask, type ParityCluster, twinComparisons } from '../testing/parity-harness';

/** normalizeDescribe masks what legitimately differs between two describe runs on the same objects. */
export function normalizeDescribe(text: string): string {
  return mask(text)
    .replace(/[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/g, 'DATE')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} [A-Z]+/g, 'DATE')
    .replace(/\(x\d+ over [0-9a-zA-Z]+\)/g, '(xN over AGE)');
}

/** setup runs a command through the real kubectl (with `stdin` for `-f -`) and throws if it fails. */
export async function setup(p: ParityCluster, args: string[], stdin?: string): Promise<string> {
  const r = await p.real(args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * describeComparison is twinComparisons' `same` with describe's normalisation, retried once: an age that
 * gains a digit between the two runs (9s → 10s) widens its column, which only a second run can tell apart
 * from a real difference.
 */
export function describeComparison(cluster: () => ParityCluster): (args: string[]) => Promise<void> {
  const { same } = twinComparisons(cluster, normalizeDescribe);
  return async (args) => {
    try {
      await same(args);
    } catch {
      await same(args);
    }
  };
}
