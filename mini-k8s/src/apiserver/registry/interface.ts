/**
 * Registry is the contract between the HTTP layer of the API server (routing, content negotiation,
 * streaming) and the object semantics behind it (defaulting, validation, admission, optimistic
 * concurrency, finalizers, graceful deletion), in the spirit of k8s.io/apiserver's registry/rest and
 * generic registry Store. The HTTP layer decodes bodies into plain objects and encodes results; the
 * registry never sees HTTP. Every method throws StatusError (machinery/errors) on failure.
 */
import type { KubeList, KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import type { Status } from '../../machinery/errors';

/** UserInfo is the authenticated identity of a request (authentication.k8s.io UserInfo). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** RequestContext carries per-request facts the registry needs. */
export interface RequestContext {
  user: UserInfo;
  /** dryRun=All: validate and compute the result, persist nothing. */
  dryRun: boolean;
  /** fieldManager query parameter (managedFields / server-side apply). */
  fieldManager?: string;
  /** fieldValidation query parameter; unknown and duplicate fields are rejected (Strict), reported (Warn) or dropped (Ignore). */
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  /** Warnings to send back as `Warning: 299 - "..."` headers; the registry appends to it. */
  warnings: string[];
  /** Request time, injectable for tests. */
  now: () => Date;
  /** The admission chain of writes the store computes itself (updates, patches, server-side apply creates). */
  admission?: WriteAdmission;
}

/**
 * WriteAdmission lets the store run admission where upstream does: on the object a patch or update
 * produced (validated against the old one, inside the retry loop), and on the object a server-side apply
 * creates. Set by the admission layer (admission/chain.ts) on the context it passes down.
 */
export interface WriteAdmission {
  /** validateUpdate runs the validating plugins on an update of `old` into `next` (throws to refuse). */
  validateUpdate(info: ResourceInfo, next: KubeObject, old: KubeObject, subresource?: string): Promise<void>;
  /** admitCreate runs the whole chain on an object about to be created (mutating it in place). */
  admitCreate(info: ResourceInfo, namespace: string | undefined, object: KubeObject): Promise<void>;
}

/** PatchType is the Content-Type of a PATCH body. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** ListOptions are the list and watch query parameters, already parsed from the URL. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
}

/** DeleteOptions is metav1.DeleteOptions as sent in a DELETE body or query. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** ApiWatchEvent is one event of an API watch (storage events already filtered and converted). */
export interface ApiWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | Status;
}

/** ApiWatcher is a running API watch. */
export interface ApiWatcher {
  stop(): void;
}

/** WriteResult tells whether a write created the object (HTTP 201) or changed an existing one (200). */
export interface WriteResult {
  object: KubeObject;
  created: boolean;
}

export interface Registry {
  get(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    ctx: RequestContext,
  ): Promise<KubeObject>;

  /** list returns `<Kind>List` with metadata.resourceVersion (and continue when paginated). */
  list(
    info: ResourceInfo,
    namespace: string | undefined,
    options: ListOptions,
    ctx: RequestContext,
  ): Promise<KubeList>;

  create(
    info: ResourceInfo,
    namespace: string | undefined,
    body: KubeObject,
    ctx: RequestContext,
  ): Promise<KubeObject>;

  /** update replaces the object (PUT); `subresource` is 'status' or undefined for the main resource. */
  update(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    ctx: RequestContext,
    subresource?: string,
  ): Promise<WriteResult>;

  /** patch applies a patch body (already parsed JSON); 'apply' creates the object when missing. */
  patch(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    ctx: RequestContext,
    options: { force?: boolean; subresource?: string },
  ): Promise<WriteResult>;

  /** delete returns the object (with deletionTimestamp when deletion is graceful or blocked by finalizers) or a success Status. */
  delete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    ctx: RequestContext,
  ): Promise<KubeObject | Status>;

  /** deleteCollection deletes every object matching the list options and returns the deleted list. */
  deleteCollection(
    info: ResourceInfo,
    namespace: string | undefined,
    listOptions: ListOptions,
    deleteOptions: DeleteOptions,
    ctx: RequestContext,
  ): Promise<KubeList>;

  /**
   * watch streams events matching the options. resourceVersion unset or "0": synthetic ADDED events for
   * current objects first; otherwise events after that version (410 Expired as an ERROR event when too old).
   * onClose (optional, added compatibly) is called once when the watch ends by itself: timeoutSeconds
   * elapsed, the 410 ERROR was sent, or storage dropped the watch; the HTTP layer then ends the response.
   * It is not called after stop().
   */
  watch(
    info: ResourceInfo,
    namespace: string | undefined,
    options: ListOptions,
    ctx: RequestContext,
    onEvent: (event: ApiWatchEvent) => void,
    onClose?: (reason: string) => void,
  ): Promise<ApiWatcher>;

  /** getSubresource serves GET on `scale` (autoscaling/v1 Scale) and `status`. */
  getSubresource(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    ctx: RequestContext,
  ): Promise<KubeObject>;

  /** createSubresource serves POST on `binding`, `eviction` and `token`, and `create` on virtual resources (reviews). */
  createSubresource(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: KubeObject,
    ctx: RequestContext,
  ): Promise<KubeObject | Status>;
}
