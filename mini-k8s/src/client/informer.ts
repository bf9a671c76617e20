/**
 * Informer keeps a local cache of one resource in sync with the API server by list + watch, and tells
 * handlers what changed, like client-go's SharedInformer: list, then watch from the list's resourceVersion;
 * on a closed stream, watch again from the last seen version; on 410 Expired, list again (the cache is
 * reconciled, with synthetic updates and deletes for what changed meanwhile).
 */
import type { KubeObject } from '../api/object';
import { isStatusError } from '../machinery/errors';
import type { ApiClient, ClientWatch, ResourceRef } from './client';
import type { WatchEvent } from './watch-stream';

export interface InformerHandlers<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Delay before retrying after an error (ms). */
  retryDelayMs?: number;
  /** Called on unexpected errors (logging); the informer retries by itself. */
  onError?: (err: unknown) => void;
}

/** objectKey is `namespace/name` for namespaced objects and `name` otherwise (cache.MetaNamespaceKeyFunc). */
export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private lastResourceVersion = '';
  private current?: ClientWatch;
  private stopped = false;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private loop?: Promise<void>;

  constructor(
    private readonly client: ApiClient,
    private readonly ref: ResourceRef,
    private readonly options: InformerOptions = {},
  ) {}

  /** addHandler registers handlers; objects already cached are replayed as adds. */
  addHandler(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    for (const obj of this.cache.values()) handlers.onAdd?.(obj);
  }

  /** start begins list + watch in the background. */
  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  /** waitForSync resolves once the first list has filled the cache. */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** stop ends the watch; no handler runs after it returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.stop();
    await this.loop?.catch(() => undefined);
  }

  /** get returns the cached object by key (`namespace/name` or `name`). */
  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  /** list returns the cached objects, optionally filtered. */
  list(filter?: (obj: T) => boolean): T[] {
    const all = [...this.cache.values()];
    return filter ? all.filter(filter) : all;
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        const expired = await this.watchOnce();
        if (expired) needList = true;
      } catch (err) {
        if (this.stopped) return;
        this.options.onError?.(err);
        needList = true;
        await sleep(this.options.retryDelayMs ?? 200);
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.client.list<T>(this.ref, this.options.namespace, {
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
    });
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const obj of list.items) {
      const key = objectKey(obj);
      seen.add(key);
      this.upsert(key, obj);
    }
    for (const [key, obj] of [...this.cache]) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        for (const h of this.handlers) h.onDelete?.(obj);
      }
    }
    this.lastResourceVersion = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  /** watchOnce runs one watch stream; returns true when the server said the version expired (410). */
  private async watchOnce(): Promise<boolean> {
    let expired = false;
    try {
      this.current = await this.client.watch(
        this.ref,
        this.options.namespace,
        {
          labelSelector: this.options.labelSelector,
          fieldSelector: this.options.fieldSelector,
          resourceVersion: this.lastResourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: 300 + Math.floor(Math.random() * 300),
        },
        (event) => {
          if (this.stopped) return;
          if (event.type === 'ERROR') {
            expired = (event.object as { code?: number }).code === 410;
            this.current?.stop();
            return;
          }
          this.apply(event);
        },
      );
    } catch (err) {
      if (isStatusError(err) && err.code === 410) return true;
      throw err;
    }
    // stop() may have run while the watch request was in flight: it could not abort a watch it did not have.
    if (this.stopped) this.current.stop();
    await this.current.done;
    return expired;
  }

  private apply(event: WatchEvent): void {
    const obj = event.object as T;
    if (obj.metadata?.resourceVersion) this.lastResourceVersion = obj.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return;
    const key = objectKey(obj);
    if (event.type === 'DELETED') {
      const old = this.cache.get(key) ?? obj;
      this.cache.delete(key);
      for (const h of this.handlers) h.onDelete?.(old);
      return;
    }
    this.upsert(key, obj);
  }

  private upsert(key: string, obj: T): void {
    const old = this.cache.get(key);
    this.cache.set(key, obj);
    if (!old) {
      for (const h of this.handlers) h.onAdd?.(obj);
    } else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      for (const h of this.handlers) h.onUpdate?.(old, obj);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
