/**
 * CONTROLLERS is the controller manager's registry: controller name → factory, like kube-controller-manager's
 * `NewControllerDescriptors`. `startControllerManager` (manager.ts) builds one ControllerContext (one shared
 * informer factory for all controllers) and calls the factories named in `controllers` (all by default).
 *
 * To add a controller: import its factory and add ONE line below. A factory must only register informer
 * handlers and build its Controller(s); `start()` launches the workers (the manager starts informers after
 * every factory ran, then calls start), `stop()` stops the workers (the manager stops the informers).
 */
import type { EventRecorder } from '../client/event-recorder';
import type { ApiClient } from '../client/client';
import type { SharedInformerFactory } from '../client/shared-informers';
import { newDeploymentController } from './deployment/controller';
import { newEndpointsController } from './endpoints/controller';
import { newEndpointSliceController } from './endpointslice/controller';
import { newGarbageCollector } from './garbage-collector/controller';
import { newNamespaceController } from './namespace/controller';
import { newReplicaSetController } from './replicaset/controller';
import { newServiceAccountController } from './serviceaccount/controller';
import { newCronJobController } from './cronjob/controller';
import { newDaemonSetController } from './daemonset/controller';
import { newJobController } from './job/controller';
import { newNodeLifecycleController } from './node-lifecycle/controller';
import { newStatefulSetController } from './statefulset/controller';
import { newHorizontalPodAutoscalerController } from './horizontal-pod-autoscaler/controller';
import { newPersistentVolumeController } from './persistentvolume/controller';
import { newPvcProtectionController, newPvProtectionController } from './persistentvolume/protection';
import { newResourceQuotaController } from './resourcequota/controller';
import { newVolumeProvisioner } from './volume-provisioner/controller';
import { newServiceLbController } from './service-lb/controller';
import { newClusterRoleAggregationController } from './clusterroleaggregation/controller';
import { newCertificateSigningController } from './certificates/signer';

/** ControllerContext is what every controller factory receives from the manager. */
export interface ControllerContext {
  client: ApiClient;
  /** The shared informer factory: ask it for informers, never build your own watches. */
  informers: SharedInformerFactory;
  /** recorder returns the EventRecorder of a component (`deployment-controller`, `job-controller`, ...). */
  recorder(component: string): EventRecorder;
  now: () => Date;
  /**
   * speed scales the controllers' own periods and back-offs (timing.ts): 1 (default) is Kubernetes' timing,
   * 0 the fastest safe one (tests). createCluster passes its `speed`, as it does to kubelets and runtimes.
   */
  speed?: number;
  /** onError reports a controller's failures (logging); controllers retry by themselves. */
  onError: (controller: string, key: string, err: unknown) => void;
  /** rootCaPem is the cluster CA published in every namespace's `kube-root-ca.crt` ConfigMap (optional). */
  rootCaPem?: string;
  /** certificateSigner signs a PEM CSR with the cluster CA (`--cluster-signing-*-file`); absent: no CSR signing. */
  certificateSigner?: (requestPem: string, expirationSeconds?: number) => string;
}

/** ManagedController is what a factory returns. */
export interface ManagedController {
  start(): void;
  stop(): Promise<void>;
}

export type ControllerFactory = (ctx: ControllerContext) => ManagedController;

export const CONTROLLERS: Record<string, ControllerFactory> = {
  // Group A
  deployment: newDeploymentController,
  replicaset: newReplicaSetController,
  'garbage-collector': newGarbageCollector,
  namespace: newNamespaceController,
  endpoints: newEndpointsController,
  endpointslice: newEndpointSliceController,
  serviceaccount: newServiceAccountController,
  // Group B
  statefulset: newStatefulSetController,
  daemonset: newDaemonSetController,
  job: (ctx) => newJobController(ctx),
  cronjob: newCronJobController,
  'node-lifecycle': (ctx) => newNodeLifecycleController(ctx),
  // Group C
  'persistentvolume-binder': (ctx) => newPersistentVolumeController(ctx),
  'persistentvolume-protection': newPvProtectionController,
  'persistentvolumeclaim-protection': newPvcProtectionController,
  'volume-provisioner': (ctx) => newVolumeProvisioner(ctx),
  resourcequota: (ctx) => newResourceQuotaController(ctx),
  'horizontal-pod-autoscaler': (ctx) => newHorizontalPodAutoscalerController(ctx),
  'service-lb': newServiceLbController,
  'clusterrole-aggregation': newClusterRoleAggregationController,
  csrsigning: newCertificateSigningController,
};
