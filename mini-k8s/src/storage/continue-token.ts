/**
 * Continue tokens in kube-apiserver's format (storage/etcd3 `encodeContinue`): base64url (no padding) of
 * `{"v":"meta.k8s.io/v1","rv":<snapshot revision>,"start":"<next key relative to the prefix>"}`, where
 * start is the last returned key plus "\u0000" (the smallest key after it).
 */
import { errors } from '../machinery/errors';

const VERSION = 'meta.k8s.io/v1';

/** ContinuePosition is a decoded token: list keys >= `startKey` at revision `revision`. */
export interface ContinuePosition {
  revision: number;
  startKey: string;
}

/** encodeContinue builds the token that resumes a list under prefix after lastKey at revision. */
export function encodeContinue(prefix: string, lastKey: string, revision: number): string {
  if (!lastKey.startsWith(prefix)) throw new Error('encodeContinue: key outside prefix');
  const body = JSON.stringify({ v: VERSION, rv: revision, start: `${lastKey.slice(prefix.length)}\u0000` });
  return Buffer.from(body, 'utf8').toString('base64url');
}

/** decodeContinue parses a token for a list under prefix; throws 400 `continue key is not valid: ...` on bad input. */
export function decodeContinue(prefix: string, token: string): ContinuePosition {
  const invalid = (why: string) => errors.badRequest(`continue key is not valid: ${why}`);
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(token)) throw invalid('illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('malformed token');
  }
  if (parsed === null || typeof parsed !== 'object') throw invalid('malformed token');
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== VERSION) throw invalid(`server does not recognize this encoded key version ${JSON.stringify(v)}`);
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw invalid(`incorrect encoded start resourceVersion (version ${VERSION})`);
  }
  if (typeof start !== 'string' || start === '') throw invalid('encoded start key empty');
  return { revision: rv, startKey: prefix + start };
}
