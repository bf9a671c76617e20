/**
 * StatusManager writes pod statuses through the pods/status subresource, only when they changed since the
 * last write (like pkg/kubelet/status). The patch is a JSON merge patch of the whole kubelet-owned status
 * with a uid precondition in metadata, so a pod recreated under the same name is never overwritten; a
 * field the kubelet no longer reports is cleared with null.
 */
import type { ApiClient, ResourceRef } from '../client/client';
import { isNotFound, isStatusError } from '../machinery/errors';
import type { Pod, PodStatus } from './types';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** OWNED_FIELDS are the status fields the kubelet writes. */
const OWNED_FIELDS: (keyof PodStatus)[] = [
  'phase',
  'conditions',
  'message',
  'reason',
  'hostIP',
  'hostIPs',
  'podIP',
  'podIPs',
  'startTime',
  'initContainerStatuses',
  'containerStatuses',
  'ephemeralContainerStatuses',
  'qosClass',
];

export class StatusManager {
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly client: ApiClient,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** set writes `status` for the pod unless it equals the last status written; returns whether it wrote. */
  async set(pod: Pod, status: PodStatus): Promise<boolean> {
    const uid = pod.metadata.uid ?? '';
    const body: Record<string, unknown> = {};
    for (const field of OWNED_FIELDS) body[field] = status[field] ?? null;
    const text = JSON.stringify(body);
    if (this.sent.get(uid) === text) return false;
    try {
      await this.client.patch(
        PODS,
        pod.metadata.namespace,
        pod.metadata.name!,
        'merge',
        { metadata: { uid }, status: body },
        { subresource: 'status' },
      );
      this.sent.set(uid, text);
      return true;
    } catch (err) {
      // A pod deleted meanwhile needs no status; a uid mismatch (409) means it was replaced.
      if (isNotFound(err) || (isStatusError(err) && err.code === 409)) return false;
      this.onError(err);
      throw err;
    }
  }

  /** forget drops the memory of a pod (after deletion). */
  forget(uid: string): void {
    this.sent.delete(uid);
  }
}
