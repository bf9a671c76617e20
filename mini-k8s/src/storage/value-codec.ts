/**
 * ValueCodec turns a stored object into the text a persistent store writes and back. The default is
 * plain JSON; encryption/aes-gcm.ts provides the encryption-at-rest codec (kube-apiserver's
 * `--encryption-provider-config`).
 */
import type { KubeObject } from '../api/object';

export interface ValueCodec {
  /** encode renders the object stored under `key`. */
  encode(key: string, obj: KubeObject): string;
  /** decode reads a stored value back (any format the codec ever wrote, plus plain JSON). */
  decode(key: string, text: string): KubeObject;
}

export const JSON_CODEC: ValueCodec = {
  encode: (_key, obj) => JSON.stringify(obj),
  decode: (_key, text) => JSON.parse(text) as KubeObject,
};
