export {
  ApiClient,
  type ApiClientOptions,
  type ClientWatch,
  type ListQuery,
  type PatchKind,
  type ResourceRef,
  statusErrorFrom,
  type WatchQuery,
  type WriteOptions,
} from './client';
export { Informer, type InformerHandlers, type InformerOptions, objectKey } from './informer';
export { httpsTransport, type HttpsTransportOptions, inProcessTransport, type Transport } from './transport';
export { readWatchStream, type WatchEvent } from './watch-stream';
export { ExponentialRateLimiter, type RateLimiter, WorkQueue } from './workqueue';
export { EventRecorder, type EventType, rfc3339 } from './event-recorder';
export { SharedInformerFactory } from './shared-informers';
