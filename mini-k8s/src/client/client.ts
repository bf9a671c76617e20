/**
 * ApiClient is the only way components (scheduler, controllers, kubelet, proxy, DNS, graders, the shell's
 * kubectl) talk to a cluster: REST calls to the API server through a Transport, exactly like client-go.
 * Failures are thrown as StatusError rebuilt from the server's Status.
 */
import type { KubeList, KubeObject } from '../api/object';
import type { ResourceInfo } from '../api/resources';
import { carriedRequest, requestBytes, isCarried, responseText } from '../machinery/carried-body';
import { type Status, StatusError, type StatusReason } from '../machinery/errors';
import type { Transport } from './transport';
import { readWatchStream, type WatchEvent } from './watch-stream';

/** ResourceRef is the part of a ResourceInfo needed to build URLs. */
export type ResourceRef = Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'namespaced'>;

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WatchQuery extends ListQuery {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchKind, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** ClientWatch is a running watch; `done` settles when the stream ends (server timeout, stop, or error). */
export interface ClientWatch {
  stop(): void;
  done: Promise<void>;
}

export interface ApiClientOptions {
  transport: Transport;
  /** Base URL of the API server (any origin works for the in-process transport). */
  baseUrl?: string;
  userAgent?: string;
}

export class ApiClient {
  private readonly transport: Transport;
  private readonly baseUrl: string;
  private readonly userAgent: string;

  constructor(options: ApiClientOptions) {
    this.transport = options.transport;
    this.baseUrl = (options.baseUrl ?? 'http://mini-k8s.local').replace(/\/$/, '');
    this.userAgent = options.userAgent ?? 'mini-k8s-client';
  }

  /**
   * impersonating returns a client that acts as another identity through the Impersonate-* headers (what
   * kubectl's --as, --as-group and --as-uid send); the server checks that this client may impersonate.
   */
  impersonating(identity: { user?: string; groups?: string[]; uid?: string }): ApiClient {
    const inner = this.transport;
    const transport: Transport = async (request) => {
      const headers = new Headers(request.headers);
      if (identity.user) headers.set('impersonate-user', identity.user);
      for (const group of identity.groups ?? []) headers.append('impersonate-group', group);
      if (identity.uid) headers.set('impersonate-uid', identity.uid);
      const body = isCarried(request) || request.body ? await requestBytes(request) : undefined;
      const init = { method: request.method, headers, signal: request.signal };
      return inner(
        inner.carriesBodies
          ? carriedRequest(request.url, init, body)
          : new Request(request.url, { ...init, body }),
      );
    };
    if (inner.carriesBodies) transport.carriesBodies = true;
    return new ApiClient({ baseUrl: this.baseUrl, userAgent: this.userAgent, transport });
  }

  /** path builds the REST path of a collection (no name) or of an object, with an optional subresource. */
  path(ref: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
    const prefix = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
    const ns = ref.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    let p = `${prefix}${ns}/${ref.resource}`;
    if (name !== undefined) p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
    return p;
  }

  async get<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    return (await this.request('GET', this.path(ref, namespace, name))) as T;
  }

  async list<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace?: string,
    query: ListQuery = {},
  ): Promise<KubeList<T>> {
    return (await this.request('GET', this.path(ref, namespace), { query: { ...query } })) as KubeList<T>;
  }

  async create<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    body: KubeObject,
    options: WriteOptions = {},
  ): Promise<T> {
    return (await this.request('POST', this.path(ref, namespace), { body, query: writeQuery(options) })) as T;
  }

  async update<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    body: KubeObject,
    options: WriteOptions & { subresource?: string } = {},
  ): Promise<T> {
    const p = this.path(ref, namespace, body.metadata.name!, options.subresource);
    return (await this.request('PUT', p, { body, query: writeQuery(options) })) as T;
  }

  /** updateStatus replaces the status of an object (PUT …/status). */
  updateStatus<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    body: KubeObject,
  ): Promise<T> {
    return this.update<T>(ref, namespace, body, { subresource: 'status' });
  }

  async patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    kind: PatchKind,
    patch: unknown,
    options: WriteOptions & { subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    const query: Record<string, string | number | boolean | undefined> = writeQuery(options);
    if (options.force !== undefined) query.force = options.force;
    return (await this.request('PATCH', this.path(ref, namespace, name, options.subresource), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[kind],
      query,
    })) as T;
  }

  async delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    options: {
      gracePeriodSeconds?: number;
      propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
      preconditions?: { uid?: string; resourceVersion?: string };
    } = {},
  ): Promise<KubeObject | Status> {
    return (await this.request('DELETE', this.path(ref, namespace, name), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...options },
    })) as KubeObject | Status;
  }

  /** createSubresource POSTs to a subresource (binding, eviction, token). */
  async createSubresource<T = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T> {
    return (await this.request('POST', this.path(ref, namespace, name, subresource), { body })) as T;
  }

  /**
   * watch streams events to onEvent until stopped or the server ends the stream. `accept` asks for another
   * representation of the event objects (kubectl's `application/json;as=Table;v=v1;g=meta.k8s.io`).
   */
  async watch(
    ref: ResourceRef,
    namespace: string | undefined,
    query: WatchQuery,
    onEvent: (event: WatchEvent) => void,
    options: { accept?: string } = {},
  ): Promise<ClientWatch> {
    const abort = new AbortController();
    const response = await this.send('GET', this.path(ref, namespace), {
      query: { ...query, watch: true },
      signal: abort.signal,
      accept: options.accept,
    });
    if (!response.ok) throw await statusErrorFrom(response);
    const done = readWatchStream(response, onEvent, abort.signal);
    return { stop: () => abort.abort(), done };
  }

  /** raw sends a request and returns the parsed JSON body, throwing StatusError for non-2xx answers. */
  async request(
    method: string,
    path: string,
    init: { body?: unknown; contentType?: string; query?: Record<string, unknown>; accept?: string } = {},
  ): Promise<unknown> {
    const response = await this.send(method, path, init);
    if (!response.ok) throw await statusErrorFrom(response);
    const text = await responseText(response);
    return text === '' ? undefined : JSON.parse(text);
  }

  /** requestText sends a request and returns the body as text (logs, proxied pages), throwing StatusError for non-2xx answers. */
  async requestText(method: string, path: string, query: Record<string, unknown> = {}): Promise<string> {
    const response = await this.send(method, path, { query, accept: '*/*' });
    if (!response.ok) throw await statusErrorFrom(response);
    return responseText(response);
  }

  /**
   * stream GETs `path` and yields the body as text chunks as they arrive (`logs -f`), until the server
   * ends the response or `signal` aborts; non-2xx answers throw StatusError before anything is yielded.
   */
  async stream(
    path: string,
    query: Record<string, unknown> = {},
    signal?: AbortSignal,
  ): Promise<AsyncIterable<string>> {
    const response = await this.send('GET', path, { query, accept: '*/*', signal });
    if (!response.ok) throw await statusErrorFrom(response);
    const body = response.body;
    return (async function* () {
      if (!body) return;
      const decoder = new TextDecoder();
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const text = decoder.decode(value, { stream: true });
          if (text) yield text;
        }
      } catch (err) {
        // An abort is the caller's way of stopping a follow; anything else is a real failure.
        if (!signal?.aborted) throw err;
      } finally {
        reader.releaseLock();
      }
    })();
  }

  private send(
    method: string,
    path: string,
    init: {
      body?: unknown;
      contentType?: string;
      query?: Record<string, unknown>;
      accept?: string;
      signal?: AbortSignal;
    },
  ): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    const headers = new Headers({ accept: init.accept ?? 'application/json', 'user-agent': this.userAgent });
    let body: string | undefined;
    if (init.body !== undefined) {
      headers.set('content-type', init.contentType ?? 'application/json');
      body = JSON.stringify(init.body);
    }
    const requestInit = { method, headers, signal: init.signal };
    return this.transport(
      this.transport.carriesBodies
        ? carriedRequest(url, requestInit, body)
        : new Request(url, { ...requestInit, body }),
    );
  }
}

function writeQuery(options: WriteOptions): Record<string, string | undefined> {
  return { fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined };
}

/** statusErrorFrom turns an error response into a StatusError (a non-Status body becomes an InternalError). */
export async function statusErrorFrom(response: Response): Promise<StatusError> {
  const text = await responseText(response);
  try {
    const status = JSON.parse(text) as Partial<Status>;
    if (status.kind === 'Status') {
      return new StatusError(
        status.code ?? response.status,
        (status.reason ?? '') as StatusReason,
        status.message ?? text,
        status.details,
      );
    }
  } catch {
    // Not JSON: fall through to a generic error carrying the text.
  }
  return new StatusError(
    response.status,
    'InternalError',
    `unexpected response ${response.status}: ${text.slice(0, 200)}`,
  );
}
