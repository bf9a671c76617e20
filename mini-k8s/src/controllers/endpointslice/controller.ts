/**
 * The EndpointSlice controller (pkg/controller/endpointslice upstream): keeps the slices labelled
 * `kubernetes.io/service-name=<svc>` and `endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io`
 * of every Service with a selector equal to the desired ones (slices.ts), owned by the Service, named
 * `<svc>-<5 random chars>`; existing slices are updated in place, extra ones deleted.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { Informer } from '../../client/informer';
import { isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import { canonicalJson } from '../deployment/hash';
import { managesEndpoints, watchServicesAndPods } from '../endpoints/pod-endpoints';
import type { ControllerContext, ManagedController } from '../registry';
import { newControllerRef } from '../replicaset/controller-ref';
import {
  type DesiredSlice,
  desiredSlices,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  sliceContent,
  sliceLabels,
} from './slices';

export const ENDPOINTSLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const SERVICES = findResource('', 'v1', 'services')!;
const PODS = findResource('', 'v1', 'pods')!;

/** newEndpointSliceController is the registry factory of the `endpointslice` controller. */
export function newEndpointSliceController(ctx: ControllerContext): ManagedController {
  return new EndpointSliceController(ctx);
}

export class EndpointSliceController implements ManagedController {
  private readonly svcInformer: Informer;
  private readonly podInformer: Informer;
  private readonly sliceInformer: Informer;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.svcInformer = ctx.informers.informerFor(SERVICES);
    this.podInformer = ctx.informers.informerFor(PODS);
    this.sliceInformer = ctx.informers.informerFor(ENDPOINTSLICES);
    this.controller = new Controller({
      name: 'endpointslice',
      reconcile: (k) => this.sync(k),
      workers: 2,
      onError: ctx.onError,
    });
    watchServicesAndPods(this.svcInformer, this.podInformer, (key) => this.controller.enqueue(key));
    const sliceChanged = (slice: KubeObject): void => {
      const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && slice.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) {
        this.controller.enqueue(`${slice.metadata.namespace}/${svc}`);
      }
    };
    this.sliceInformer.addHandler({ onUpdate: (_o, s) => sliceChanged(s), onDelete: sliceChanged });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** sync is syncService: bring the Service's managed slices to the desired set. */
  private async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const existing = this.sliceInformer
      .list(
        (s) =>
          s.metadata.namespace === namespace &&
          s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
          s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY &&
          !s.metadata.deletionTimestamp,
      )
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const svc = this.svcInformer.get(key);
    // Without a Service (or a selector) the slices go; the garbage collector would remove owned ones too.
    const desired: DesiredSlice[] =
      svc && managesEndpoints(svc) && !svc.metadata.deletionTimestamp
        ? desiredSlices(
            svc,
            this.podInformer.list((p) => p.metadata.namespace === namespace),
          )
        : [];
    // Why: keep slices whose content already matches, then reuse the others for what is still missing.
    const unmatched = [...existing];
    const missing: DesiredSlice[] = [];
    for (const want of desired) {
      const i = unmatched.findIndex(
        (s) => canonicalJson(sliceContent(s)) === canonicalJson(want) && labelsMatch(s, svc!),
      );
      if (i >= 0) unmatched.splice(i, 1);
      else missing.push(want);
    }
    for (const want of missing) {
      const reuse = unmatched.shift();
      const body = this.sliceObject(svc!, want, reuse);
      if (reuse) await this.ctx.client.update(ENDPOINTSLICES, namespace, body);
      else await this.ctx.client.create(ENDPOINTSLICES, namespace, body);
    }
    for (const extra of unmatched) {
      await this.ctx.client.delete(ENDPOINTSLICES, namespace, extra.metadata.name!).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
  }

  private sliceObject(svc: KubeObject, want: DesiredSlice, reuse?: KubeObject): KubeObject {
    const metadata = reuse
      ? { ...reuse.metadata, labels: sliceLabels(svc) }
      : {
          generateName: `${svc.metadata.name}-`,
          namespace: svc.metadata.namespace,
          labels: sliceLabels(svc),
          ownerReferences: [{ ...newControllerRef(svc), apiVersion: 'v1', kind: 'Service' }],
        };
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata,
      addressType: 'IPv4',
      endpoints: want.endpoints.length > 0 ? want.endpoints : null,
      ports: want.ports,
    };
    return slice;
  }
}

function labelsMatch(slice: KubeObject, svc: KubeObject): boolean {
  return canonicalJson(slice.metadata.labels ?? {}) === canonicalJson(sliceLabels(svc));
}
