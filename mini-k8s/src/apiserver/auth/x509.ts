/**
 * x509 client-certificate authentication (the apiserver's `--client-ca-file`): the HTTPS server asks for a
 * client certificate, Node's TLS layer verifies it against the cluster CA, and the certificate's subject
 * names the user — CN is the username, each O a group (`O=system:masters` makes a cluster admin). The
 * HTTPS listener records the verified identity against the request's headers object, which the
 * authenticator then reads: the in-process `fetch` path (sandbox server) cannot carry certificates.
 */
import type { PeerCertificate } from 'node:tls';
import type { UserInfo } from '../registry/interface';
import type { Authenticator, RequestHeaders } from './authenticator';
import { withAuthenticatedGroup } from './authenticator';

const verified = new WeakMap<object, UserInfo>();

/** recordClientCertificate remembers the identity of a verified peer certificate for one request. */
export function recordClientCertificate(headers: RequestHeaders, certificate: PeerCertificate): void {
  const user = userFromCertificate(certificate);
  if (user) verified.set(headers, user);
}

/** userFromCertificate maps a certificate subject to a user; undefined without a CN. */
export function userFromCertificate(certificate: PeerCertificate): UserInfo | undefined {
  const subject = certificate.subject as unknown as Record<string, string | string[] | undefined> | undefined;
  const cn = subject?.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) return undefined;
  const o = subject?.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return withAuthenticatedGroup({ username, groups: [...groups] });
}

/** ClientCertificateAuthenticator returns the identity recorded for the request's verified certificate. */
export class ClientCertificateAuthenticator implements Authenticator {
  authenticate(headers: RequestHeaders): UserInfo | undefined {
    return verified.get(headers);
  }
}
