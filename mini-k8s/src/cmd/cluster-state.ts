/**
 * The durable identity of a cluster under `--data DIR`: the CA, the serving certificate and the admin
 * token are created once and reused on restart, so an existing kubeconfig keeps working.
 */
import { randomBytes } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority, createServingCertificate } from '../apiserver/pki/certificates';
import type { KeyAndCertificate } from '../apiserver/pki/certificates';

/** ClusterIdentity is what a cluster needs to serve TLS and authenticate its admin. */
export interface ClusterIdentity {
  ca: KeyAndCertificate;
  serving: KeyAndCertificate;
  adminToken: string;
}

/** newAdminToken returns a random bearer token. */
function newAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

/** createIdentity makes a fresh identity for hosts (no persistence). */
export function createIdentity(hosts: string[]): ClusterIdentity {
  const ca = createCertificateAuthority();
  return { ca, serving: createServingCertificate(ca, hosts), adminToken: newAdminToken() };
}

/**
 * loadOrCreateIdentity reads `<dir>/pki/{ca,apiserver}.{crt,key}` and `<dir>/admin-token`, creating what
 * is missing. The serving certificate is re-issued from the kept CA when it does not cover the hosts.
 */
export function loadOrCreateIdentity(dir: string, hosts: string[]): ClusterIdentity {
  const pki = join(dir, 'pki');
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(pki, name);
  const write = (path: string, text: string) => writeFileSync(path, text, { mode: 0o600 });

  let ca: KeyAndCertificate;
  if (existsSync(file('ca.crt')) && existsSync(file('ca.key'))) {
    ca = { certPem: readFileSync(file('ca.crt'), 'utf8'), keyPem: readFileSync(file('ca.key'), 'utf8') };
  } else {
    ca = createCertificateAuthority();
    write(file('ca.crt'), ca.certPem);
    write(file('ca.key'), ca.keyPem);
  }

  let serving: KeyAndCertificate | undefined;
  if (existsSync(file('apiserver.crt')) && existsSync(file('apiserver.key'))) {
    const candidate = {
      certPem: readFileSync(file('apiserver.crt'), 'utf8'),
      keyPem: readFileSync(file('apiserver.key'), 'utf8'),
    };
    if (covers(candidate.certPem, ca.certPem, hosts)) serving = candidate;
  }
  if (!serving) {
    serving = createServingCertificate(ca, hosts);
    write(file('apiserver.crt'), serving.certPem);
    write(file('apiserver.key'), serving.keyPem);
  }

  const tokenFile = join(dir, 'admin-token');
  let adminToken: string;
  if (existsSync(tokenFile)) adminToken = readFileSync(tokenFile, 'utf8').trim();
  else {
    adminToken = newAdminToken();
    write(tokenFile, `${adminToken}\n`);
  }
  return { ca, serving, adminToken };
}

/** covers tells whether a serving certificate is issued by the CA, still valid for a day, and names every host. */
function covers(certPem: string, caPem: string, hosts: string[]): boolean {
  const cert = new X509Certificate(certPem);
  if (!cert.checkIssued(new X509Certificate(caPem))) return false;
  if (new Date(cert.validTo).getTime() < Date.now() + 86_400_000) return false;
  return hosts.every(
    (host) =>
      (/^[\d.]+$/.test(host) || host.includes(':') ? cert.checkIP(host) : cert.checkHost(host)) !== undefined,
  );
}
