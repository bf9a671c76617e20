/**
 * The ServiceAccount controllers (pkg/controller/serviceaccount and the root-CA publisher upstream): every
 * active namespace has a `default` ServiceAccount (created when missing, recreated when deleted) and,
 * when the cluster CA is known, the `kube-root-ca.crt` ConfigMap holding it under `ca.crt`.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { Informer } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
export const SERVICEACCOUNTS = findResource('', 'v1', 'serviceaccounts')!;
export const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;
export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** ROOT_CA_DESCRIPTION is the annotation upstream's root-ca-cert-publisher puts on the ConfigMap. */
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** rootCaConfigMap is the ConfigMap published in a namespace. */
export function rootCaConfigMap(namespace: string, pem: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: ROOT_CA_CONFIGMAP,
      namespace,
      annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
    },
    data: { 'ca.crt': pem },
  };
}

/** newServiceAccountController is the registry factory of the `serviceaccount` controller. */
export function newServiceAccountController(ctx: ControllerContext): ManagedController {
  return new ServiceAccountController(ctx);
}

export class ServiceAccountController implements ManagedController {
  private readonly nsInformer: Informer;
  private readonly saInformer: Informer;
  private readonly cmInformer?: Informer;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.nsInformer = ctx.informers.informerFor(NAMESPACES);
    this.saInformer = ctx.informers.informerFor(SERVICEACCOUNTS);
    this.controller = new Controller({
      name: 'serviceaccount',
      reconcile: (k) => this.sync(k),
      onError: ctx.onError,
    });
    const enqueueNs = (ns: KubeObject): void => this.controller.enqueue(ns.metadata.name!);
    this.nsInformer.addHandler({ onAdd: enqueueNs, onUpdate: (_o, ns) => enqueueNs(ns) });
    this.saInformer.addHandler({
      onDelete: (sa) => {
        if (sa.metadata.name === DEFAULT_SERVICE_ACCOUNT) this.controller.enqueue(sa.metadata.namespace!);
      },
    });
    if (ctx.rootCaPem !== undefined) {
      this.cmInformer = ctx.informers.informerFor(CONFIGMAPS);
      const cmChanged = (cm: KubeObject): void => {
        if (cm.metadata.name === ROOT_CA_CONFIGMAP) this.controller.enqueue(cm.metadata.namespace!);
      };
      this.cmInformer.addHandler({ onUpdate: (_o, cm) => cmChanged(cm), onDelete: cmChanged });
    }
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private async sync(namespace: string): Promise<void> {
    const ns = this.nsInformer.get(namespace);
    // Why: a terminating namespace refuses new objects; creating them would only fail.
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (!this.saInformer.get(`${namespace}/${DEFAULT_SERVICE_ACCOUNT}`)) {
      await this.createIgnoringExisting(SERVICEACCOUNTS, namespace, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace },
      });
    }
    const pem = this.ctx.rootCaPem;
    if (pem === undefined || !this.cmInformer) return;
    const cm = this.cmInformer.get(`${namespace}/${ROOT_CA_CONFIGMAP}`);
    const wanted = rootCaConfigMap(namespace, pem);
    if (!cm) {
      await this.createIgnoringExisting(CONFIGMAPS, namespace, wanted);
      return;
    }
    const data = (cm.data ?? {}) as Record<string, string>;
    const description = cm.metadata.annotations?.['kubernetes.io/description'];
    if (Object.keys(data).length === 1 && data['ca.crt'] === pem && description === ROOT_CA_DESCRIPTION)
      return;
    await this.ctx.client
      .update(CONFIGMAPS, namespace, {
        ...cm,
        metadata: {
          ...cm.metadata,
          annotations: {
            ...(cm.metadata.annotations ?? {}),
            'kubernetes.io/description': ROOT_CA_DESCRIPTION,
          },
        },
        data: { 'ca.crt': pem },
      })
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
  }

  private async createIgnoringExisting(
    ref: typeof SERVICEACCOUNTS,
    namespace: string,
    body: KubeObject,
  ): Promise<void> {
    try {
      await this.ctx.client.create(ref, namespace, body);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      // The namespace started terminating meanwhile (403 NamespaceTerminating) or vanished.
      if (isNotFound(err) || (err as { code?: number }).code === 403) return;
      throw err;
    }
  }
}
