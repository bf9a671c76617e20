/**
 * defaultAdmissionPlugins is the plugin chain of a mini-k8s API server, in kube-apiserver's order for the
 * plugins mini-k8s has. NamespaceLifecycle (no content in a missing or terminating namespace, no deletion
 * of default, kube-system and kube-public) is enforced by the registry itself (generic store and namespace
 * strategy), as are the defaults the Priority plugin would add.
 */
import { DefaultStorageClass } from './default-storage-class';
import type { AdmissionPlugin } from './interface';
import { LimitRanger } from './limit-ranger';
import { PodSecurity } from './podsecurity/plugin';
import { ResourceQuotaAdmission } from './resource-quota';
import { ServiceAccountAdmission } from './service-account';

/** AdmissionOptions describe the cluster the chain admits into. */
export interface AdmissionOptions {
  /** The cluster publishes `kube-root-ca.crt` in every namespace (see ServiceAccountAdmission). */
  rootCaPublished?: boolean;
}

export function defaultAdmissionPlugins(options: AdmissionOptions = {}): AdmissionPlugin[] {
  return [
    new LimitRanger(),
    new ServiceAccountAdmission({ rootCaPublished: options.rootCaPublished ?? false }),
    new DefaultStorageClass(),
    new PodSecurity(),
    new ResourceQuotaAdmission(),
  ];
}
