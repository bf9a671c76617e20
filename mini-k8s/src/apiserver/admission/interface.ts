/**
 * The admission contract (k8s.io/apiserver/pkg/admission): plugins see every create with the object about
 * to be stored, and every update (PUT, PATCH, server-side apply, subresources) with the new and the old
 * object; mutating plugins change it, validating plugins refuse it (by throwing a StatusError) or add
 * warnings. The chain runs all mutating plugins, then all validating ones, like the real apiserver. None
 * of mini-k8s's plugins mutates on update (upstream's LimitRanger, ServiceAccount and DefaultStorageClass
 * only mutate creates), so updates only run the validating phase.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import type { UserInfo } from '../registry/interface';

/** AdmissionAttributes describe one write under admission. */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE';
  info: ResourceInfo;
  /** The subresource written (`status`, `scale`, …); undefined for the main resource. */
  subresource?: string;
  namespace: string | undefined;
  /** The object as sent (mutating plugins change it in place). */
  object: KubeObject;
  /** The stored object an UPDATE replaces. */
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
  /** Warnings returned to the client as `Warning: 299 - "…"` headers (kubectl prints `Warning: …`). */
  warnings: string[];
}

/** ObjectReader is how plugins read the cluster (as the API server itself, no authorization). */
export interface ObjectReader {
  get(
    group: string,
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined>;
  list(group: string, resource: string, namespace: string | undefined): Promise<KubeObject[]>;
}

/** AdmissionPlugin is one plugin of the chain; either phase may be absent. */
export interface AdmissionPlugin {
  readonly name: string;
  /** handles tells whether the plugin looks at this write at all. */
  handles(attributes: AdmissionAttributes): boolean;
  admit?(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void>;
  validate?(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void>;
}

/** objectName is the name used in admission errors (the generateName prefix for generated names). */
export function objectName(obj: KubeObject): string {
  return obj.metadata?.name || obj.metadata?.generateName || '';
}

/** qualifiedResource renders `pods` or `deployments.apps` for Forbidden messages. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}
