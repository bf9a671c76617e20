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

export function defaultAdmissionPlugins(): AdmissionPlugin[] {
  return [
    new LimitRanger(),
    new ServiceAccountAdmission(),
    new DefaultStorageClass(),
    new PodSecurity(),
    new ResourceQuotaAdmission(),
  ];
}
