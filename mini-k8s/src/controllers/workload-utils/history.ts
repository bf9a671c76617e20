/**
 * syncRevisions keeps a workload's ControllerRevisions (StatefulSet, DaemonSet) the way both upstream
 * controllers do: the current template's revision is found by content or created with the next number
 * (an older revision that matches again is renumbered as the newest, which is how `rollout undo` works),
 * and revisions beyond revisionHistoryLimit are deleted oldest first, never one still in use.
 */
import type { KubeObject } from '../../api/object';
import type { ApiClient } from '../../client/client';
import { isAlreadyExists, isNotFound } from '../../machinery/errors';
import { REFS } from './refs';
import { newControllerRevision, revisionNumber, sameRevisionData, templatePatch } from './revisions';

export interface RevisionState {
  /** The revision of the current template (created if needed). */
  update: KubeObject;
  /** Every revision of the parent after the sync, oldest first. */
  revisions: KubeObject[];
}

export async function syncRevisions(
  client: ApiClient,
  parent: KubeObject,
  owned: KubeObject[],
  template: unknown,
  historyLimit: number,
  inUse: Set<string>,
): Promise<RevisionState> {
  const data = templatePatch(template);
  let revisions = [...owned].sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const maxRevision = revisions.length > 0 ? revisionNumber(revisions.at(-1)!) : 0;
  let update = revisions.find((r) => sameRevisionData(r.data, data));
  if (update && revisionNumber(update) !== maxRevision) {
    update = await client.update(REFS.controllerrevisions, parent.metadata.namespace, {
      ...update,
      revision: maxRevision + 1,
    });
    revisions = [...revisions.filter((r) => r.metadata.name !== update!.metadata.name), update];
  }
  if (!update) {
    const labels = (template as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {};
    for (let collision = 0; !update; collision++) {
      const candidate = newControllerRevision(parent, data, maxRevision + 1, labels, collision);
      try {
        update = await client.create(REFS.controllerrevisions, parent.metadata.namespace, candidate);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const existing = await client.get(
          REFS.controllerrevisions,
          parent.metadata.namespace,
          candidate.metadata.name!,
        );
        // The same content under that name (a cache lag) is ours; different content is a hash collision.
        if (sameRevisionData(existing.data, data)) update = existing;
        if (collision > 5) throw err;
      }
    }
    revisions.push(update);
  }
  inUse.add(update.metadata.name!);
  const removable = revisions.filter((r) => !inUse.has(r.metadata.name!));
  const excess = removable.length - historyLimit;
  for (const r of removable.slice(0, Math.max(0, excess))) {
    try {
      await client.delete(REFS.controllerrevisions, r.metadata.namespace, r.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    revisions = revisions.filter((x) => x !== r);
  }
  return { update, revisions };
}
