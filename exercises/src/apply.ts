/**
 * applyManifests puts an exercise's manifests into a cluster through the API, the way
 * `kubectl apply --server-side --force-conflicts` does (and deletes what `*.delete.yaml` files list) (one field manager, so fields dropped from a later
 * manifest are removed). An update the API server refuses as Invalid (an immutable Pod field) falls back to
 * delete-and-recreate, like `kubectl replace --force`.
 */
import { parseApiVersion } from '../../mini-k8s/src/api/object';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { findKind, type ResourceInfo } from '../../mini-k8s/src/api/resources';
import type { ApiClient } from '../../mini-k8s/src/client/client';
import { StatusError } from '../../mini-k8s/src/machinery/errors';
import type { Manifest, ManifestStep } from './format';

/** FIELD_MANAGER is the manager name of exercise writes (the one kubectl uses). */
export const FIELD_MANAGER = 'kubectl';

/** resourceOf finds the served resource of a manifest, or throws a French error naming it. */
export function resourceOf(manifest: Manifest): ResourceInfo {
  const { group, version } = parseApiVersion(manifest.apiVersion);
  const info = findKind(group, version, manifest.kind);
  if (!info) throw new Error(`type inconnu du serveur : ${manifest.apiVersion} ${manifest.kind}`);
  return info;
}

/**
 * applySteps runs each step in order (apply, or delete and wait until gone); manifests without a namespace
 * go to `namespace`. Deleting an object that is already absent is not an error (`--ignore-not-found`).
 */
export async function applySteps(client: ApiClient, namespace: string, steps: ManifestStep[]): Promise<void> {
  for (const step of steps) {
    if (step.action === 'apply') {
      await applyOne(client, namespace, step.manifest);
      continue;
    }
    const info = resourceOf(step.manifest);
    const ns = info.namespaced ? (step.manifest.metadata.namespace ?? namespace) : undefined;
    try {
      await client.delete(info, ns, step.manifest.metadata.name, { gracePeriodSeconds: 0 });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
    await waitGone(client, info, ns, step.manifest.metadata.name);
  }
}

async function applyOne(client: ApiClient, namespace: string, manifest: Manifest): Promise<void> {
  const info = resourceOf(manifest);
  const ns = info.namespaced ? (manifest.metadata.namespace ?? namespace) : undefined;
  const body = { ...manifest, metadata: { ...manifest.metadata, ...(ns ? { namespace: ns } : {}) } };
  try {
    await client.patch(info, ns, manifest.metadata.name, 'apply', body, {
      fieldManager: FIELD_MANAGER,
      force: true,
    });
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'Invalid')) throw err;
    await client.delete(info, ns, manifest.metadata.name, { gracePeriodSeconds: 0 });
    await waitGone(client, info, ns, manifest.metadata.name);
    await client.create(info, ns, body as unknown as KubeObject, { fieldManager: FIELD_MANAGER });
  }
}

/** waitGone polls until the object no longer exists (bounded: 10 s). */
async function waitGone(client: ApiClient, info: ResourceInfo, ns: string | undefined, name: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await client.get(info, ns, name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${info.kind}/${name} toujours présent après 10 s`);
}
