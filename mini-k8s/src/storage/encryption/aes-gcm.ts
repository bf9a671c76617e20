/**
 * Encryption at rest for the SQLite store, like kube-apiserver's `aesgcm` encryption provider: values of
 * the configured resources (Secrets by default) are stored as `k8s:enc:aesgcm:v1:<keyname>:` followed by
 * base64(nonce ‖ ciphertext ‖ tag), AES-256-GCM with a random 96-bit nonce and the storage key as
 * additional data (a value copied to another key does not decrypt). The first key encrypts; every listed
 * key decrypts, and values without the prefix are read as plain JSON, so enabling encryption or rotating
 * keys never makes existing data unreadable. Rotation: put the new key first (keep the old one second),
 * restart, rewrite every Secret (`kubectl get secrets -A -o json | kubectl replace -f -`), then drop the
 * old key and restart again.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KubeObject } from '../../api/object';
import type { ValueCodec } from '../value-codec';

export const AESGCM_PREFIX = 'k8s:enc:aesgcm:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** EncryptionKey is one named 32-byte key, base64-encoded (as `secret:` in an EncryptionConfiguration). */
export interface EncryptionKey {
  name: string;
  secret: string;
}

/** EncryptionOptions: the keys (first one encrypts) and the resources to encrypt (`secrets`, `configmaps`, `widgets.example.com`). */
export interface EncryptionOptions {
  keys: EncryptionKey[];
  resources?: string[];
}

function decodeKey(key: EncryptionKey): Buffer {
  if (!/^[A-Za-z0-9._-]+$/.test(key.name))
    throw new Error(`invalid encryption key name ${JSON.stringify(key.name)}`);
  const bytes = Buffer.from(key.secret, 'base64');
  if (bytes.length !== 32)
    throw new Error(`encryption key ${key.name} must be 32 bytes (base64), got ${bytes.length}`);
  return bytes;
}

/** keyPrefixOf maps `secrets` to `/registry/core/secrets/`, `widgets.example.com` to `/registry/example.com/widgets/`. */
function keyPrefixOf(resource: string): string {
  const dot = resource.indexOf('.');
  return dot < 0
    ? `/registry/core/${resource}/`
    : `/registry/${resource.slice(dot + 1)}/${resource.slice(0, dot)}/`;
}

/** createEncryptionCodec returns a ValueCodec encrypting the configured resources with AES-GCM. */
export function createEncryptionCodec(options: EncryptionOptions): ValueCodec {
  if (options.keys.length === 0) throw new Error('encryption needs at least one key');
  const keys = new Map(options.keys.map((k) => [k.name, decodeKey(k)]));
  const [writeName] = options.keys.map((k) => k.name);
  const prefixes = (options.resources ?? ['secrets']).map(keyPrefixOf);
  const encrypted = (key: string) => prefixes.some((p) => key.startsWith(p));
  return {
    encode(key: string, obj: KubeObject): string {
      const json = JSON.stringify(obj);
      if (!encrypted(key)) return json;
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.get(writeName)!, nonce);
      cipher.setAAD(Buffer.from(key));
      const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
      return `${AESGCM_PREFIX}${writeName}:${sealed}`;
    },
    decode(key: string, text: string): KubeObject {
      if (!text.startsWith(AESGCM_PREFIX)) return JSON.parse(text) as KubeObject;
      const rest = text.slice(AESGCM_PREFIX.length);
      const colon = rest.indexOf(':');
      const name = rest.slice(0, colon);
      const secret = keys.get(name);
      if (colon < 0 || !secret)
        throw new Error(`no encryption key named ${JSON.stringify(name)} to read ${key}`);
      const sealed = Buffer.from(rest.slice(colon + 1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', secret, sealed.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(key));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8')) as KubeObject;
    },
  };
}

/** newEncryptionKey makes a random key entry (`head -c 32 /dev/urandom | base64`). */
export function newEncryptionKey(name: string): EncryptionKey {
  return { name, secret: randomBytes(32).toString('base64') };
}
