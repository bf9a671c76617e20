/**
 * collectPage turns an ordered stream of entries at one snapshot revision into a ListResult page; both
 * stores share it so limit, continue, predicate and remainingItemCount behave identically.
 *
 * Semantics follow kube-apiserver over etcd3: `limit` counts matching items; a continue token is returned
 * when the limit was reached and more keys remain in the range (even if none of them match, as etcd's
 * `more` flag does); remainingItemCount is only set when there is no predicate.
 */
import type { KubeObject } from '../api/object';
import { encodeContinue } from './continue-token';
import type { ListOptions, ListResult } from './interface';

/** PageEntry is one key of the snapshot; `load` returns its object (a frozen stored value or a parsed copy). */
export interface PageEntry {
  key: string;
  load: () => KubeObject;
}

/** PageRequest describes the page to collect. */
export interface PageRequest {
  prefix: string;
  revision: number;
  options: ListOptions;
  /** output turns a loaded object into the value handed to the caller (a mutable copy). */
  output: (obj: KubeObject) => KubeObject;
}

export function collectPage(entries: Iterable<PageEntry>, request: PageRequest): ListResult {
  const { prefix, revision, options, output } = request;
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const predicate = options.predicate;
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let remaining = 0;
  let more = false;
  for (const entry of entries) {
    if (items.length >= limit) {
      more = true;
      remaining++;
      // Counting the rest needs no object loads; with a predicate the count is unknown, stop right away.
      if (predicate) break;
      continue;
    }
    const obj = entry.load();
    if (predicate && !predicate(obj)) continue;
    items.push(output(obj));
    lastKey = entry.key;
  }
  const result: ListResult = { items, revision };
  // Exact-key lists (prefix without a trailing slash) hold at most one item and never paginate.
  if (more && lastKey !== undefined && prefix.endsWith('/')) {
    result.continue = encodeContinue(prefix, lastKey, revision);
    if (!predicate) result.remainingItemCount = remaining;
  }
  return result;
}
