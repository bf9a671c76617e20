/**
 * The names of Kubernetes port-forward over SPDY (`k8s.io/api/core/v1` `StreamType*`, `PortHeader`,
 * `PortForwardRequestIDHeader`), shared by the API server that serves it and the kubernetes runtime that
 * is a client of a host cluster's.
 */

/** PORT_FORWARD_PROTOCOL is the SPDY stream protocol of port-forward (`X-Stream-Protocol-Version`). */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

/** TUNNEL_PROTOCOL is the WebSocket subprotocol of SPDY tunnelled in binary WebSocket messages. */
export const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** The headers of each stream: its type (`error` or `data`), the pod port, and the connection it belongs to. */
export const STREAM_TYPE_HEADER = 'streamtype';
export const PORT_HEADER = 'port';
export const REQUEST_ID_HEADER = 'requestid';
export const STREAM_TYPE_ERROR = 'error';
export const STREAM_TYPE_DATA = 'data';
