/**
 * SharedInformerFactory hands out one Informer per resource (and namespace/selector) so that every
 * controller of a process shares the same caches and watches, like client-go's SharedInformerFactory.
 */
import type { KubeObject } from '../api/object';
import type { ApiClient, ResourceRef } from './client';
import { Informer, type InformerOptions } from './informer';

export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer>();
  private started = false;

  constructor(
    private readonly client: ApiClient,
    private readonly defaults: Pick<InformerOptions, 'onError' | 'retryDelayMs'> = {},
  ) {}

  /** informerFor returns the shared informer for a resource; informers asked for after start() start at once. */
  informerFor<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    options: Pick<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector'> = {},
  ): Informer<T> {
    const key = [
      ref.group,
      ref.version,
      ref.resource,
      options.namespace ?? '',
      options.labelSelector ?? '',
      options.fieldSelector ?? '',
    ].join('|');
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer(this.client, ref, { ...this.defaults, ...options });
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  /** start starts every informer created so far (and makes later ones start on creation). */
  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** waitForSync resolves when every informer has listed once. */
  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  /** stop ends every watch. */
  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
