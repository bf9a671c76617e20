/**
 * Protobuf request bodies (`application/vnd.kubernetes.protobuf`), as kubectl 1.32's typed clients send
 * them. The HTTP layer calls `decodeKubernetesProtobuf(body)` and then handles the object like a JSON body.
 */
export { decodeKubernetesProtobuf, PROTOBUF_MAGIC } from './decode';
export { encodeKubernetesProtobuf } from './encode';
export { kindMessage, supportedKinds } from './kinds';
