/**
 * ObjectSource is how the kubelet reads the API objects its pods reference (ConfigMaps, Secrets, PVCs,
 * PVs) and requests service account tokens. `ClientObjectSource` serves reads from watch caches (like the
 * kubelet's watch-based ConfigMap/Secret managers) and falls back to a GET on a cache miss, so an object
 * created just before the pod is found at once.
 */
import type { KubeObject } from '../api/object';
import type { ApiClient, ResourceRef } from '../client/client';
import type { Informer } from '../client/informer';
import { isNotFound } from '../machinery/errors';
import type { IssuedToken } from './token-manager';
import { TokenManager } from './token-manager';

export const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
export const SECRETS: ResourceRef = { group: '', version: 'v1', resource: 'secrets', namespaced: true };
export const PVCS: ResourceRef = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
  namespaced: true,
};
export const PVS: ResourceRef = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumes',
  namespaced: false,
};
export const SERVICE_ACCOUNTS: ResourceRef = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
  namespaced: true,
};

/** TokenSpec is the part of a TokenRequest the kubelet fills for a projected token. */
export interface TokenSpec {
  audiences: string[];
  expirationSeconds: number;
  boundPod: { name: string; uid: string };
}

/** ObjectSource reads referenced objects; `undefined` means not found. */
export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<KubeObject | undefined>;
  secret(namespace: string, name: string): Promise<KubeObject | undefined>;
  pvc(namespace: string, name: string): Promise<KubeObject | undefined>;
  pv(name: string): Promise<KubeObject | undefined>;
  /** serviceAccountToken returns a token for the service account (POST serviceaccounts/<sa>/token). */
  serviceAccountToken(namespace: string, serviceAccount: string, spec: TokenSpec): Promise<string>;
}

/** ClientObjectSource implements ObjectSource over an ApiClient and optional informers. */
export class ClientObjectSource implements ObjectSource {
  /** tokens caches service account tokens until they need renewing (token-manager.ts). */
  readonly tokens: TokenManager;

  constructor(
    private readonly client: ApiClient,
    private readonly caches: { configMaps?: Informer; secrets?: Informer } = {},
    now: () => Date = () => new Date(),
  ) {
    this.tokens = new TokenManager((ns, sa, spec) => this.requestToken(ns, sa, spec), now);
  }

  configMap(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.read(CONFIGMAPS, namespace, name, this.caches.configMaps);
  }

  secret(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.read(SECRETS, namespace, name, this.caches.secrets);
  }

  pvc(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.read(PVCS, namespace, name);
  }

  pv(name: string): Promise<KubeObject | undefined> {
    return this.read(PVS, undefined, name);
  }

  serviceAccountToken(namespace: string, serviceAccount: string, spec: TokenSpec): Promise<string> {
    return this.tokens.token(namespace, serviceAccount, spec);
  }

  private async requestToken(
    namespace: string,
    serviceAccount: string,
    spec: TokenSpec,
  ): Promise<IssuedToken> {
    const answer = await this.client.createSubresource<{
      status?: { token?: string; expirationTimestamp?: string };
    }>(SERVICE_ACCOUNTS, namespace, serviceAccount, 'token', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name: serviceAccount, namespace },
      spec: {
        audiences: spec.audiences,
        expirationSeconds: spec.expirationSeconds,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: spec.boundPod.name, uid: spec.boundPod.uid },
      },
    });
    const token = answer.status?.token;
    if (!token) throw new Error(`failed to fetch token: the API server returned no token`);
    const expires = Date.parse(answer.status?.expirationTimestamp ?? '');
    const expiresAt = Number.isNaN(expires)
      ? new Date(Date.now() + spec.expirationSeconds * 1000)
      : new Date(expires);
    return { token, expiresAt };
  }

  private async read(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    cache?: Informer,
  ): Promise<KubeObject | undefined> {
    const cached = cache?.get(namespace ? `${namespace}/${name}` : name);
    if (cached) return cached;
    try {
      return await this.client.get(ref, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
