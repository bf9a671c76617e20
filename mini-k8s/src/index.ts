/**
 * @atelier/mini-k8s: the public entry point for the sandbox server and the tests — an API server that can
 * be mounted in-process (`createApiServer(...).fetch`), the `mini-k8s up` cluster starter, and the
 * authentication and authorization building blocks.
 */
export { createApiServer } from './apiserver/server';
export type { ApiServer, ApiServerOptions, Logger } from './apiserver/server';
export { ADMIN_USER, ANONYMOUS_USER, StaticTokenAuthenticator } from './apiserver/auth/authenticator';
export type { Authenticator, RequestHeaders, StaticTokenEntry } from './apiserver/auth/authenticator';
export { AlwaysAllowAuthorizer, forbiddenError } from './apiserver/auth/authorizer';
export type {
  AuthorizationAttributes,
  AuthorizationDecision,
  Authorizer,
  RuleResolver,
} from './apiserver/auth/authorizer';
export { createCertificateAuthority, createServingCertificate } from './apiserver/pki/certificates';
export type { KeyAndCertificate } from './apiserver/pki/certificates';
export { startCluster } from './cmd/up';
export type { RunningCluster } from './cmd/up';
export type { UpOptions } from './cmd/args';
export { renderKubeconfig } from './cmd/kubeconfig';
export { MemoryStorage } from './storage/memory/store';
export { SqliteStorage } from './storage/sqlite/store';
