/**
 * The platform's HTTPS identity. With TLS_CERT/TLS_KEY the given files are used (and TLS_CA, when set, is
 * what kubeconfigs trust). Otherwise a CA and a serving certificate are generated once under
 * DATA_DIR/pki (kept across restarts, so downloaded kubeconfigs keep working); the serving certificate
 * names localhost, 127.0.0.1, the machine's name and addresses and TLS_HOSTS, and is re-issued from the
 * same CA when that list grows.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createCertificateAuthority,
  createServingCertificate,
} from '../../../mini-k8s/src/apiserver/pki/certificates';
import type { HttpsSettings } from '../config/schema';

/** HttpsIdentity is what the HTTPS listener serves and what kubeconfigs trust. */
export interface HttpsIdentity {
  certPem: string;
  keyPem: string;
  /** CA to put in kubeconfigs; undefined: the learner's system roots (a publicly trusted certificate). */
  caPem?: string;
}

/**
 * readCaBundle reads the PEM certificate authority of PUBLIC_HTTPS_CA; a file that cannot be read or holds no
 * certificate is refused with a French message (the platform stops rather than hand out broken kubeconfigs).
 */
export function readCaBundle(file: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `PUBLIC_HTTPS_CA : lecture de ${file} impossible (${(err as NodeJS.ErrnoException).code ?? err})`,
      { cause: err },
    );
  }
  try {
    new X509Certificate(pem);
  } catch (err) {
    throw new Error(`PUBLIC_HTTPS_CA : ${file} ne contient pas de certificat PEM`, { cause: err });
  }
  return pem;
}

/** machineHosts lists the names and non-internal addresses of this machine, plus loopback names. */
export function machineHosts(extra: readonly string[] = []): string[] {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
  return [...new Set(['localhost', '127.0.0.1', os.hostname(), ...addresses, ...extra])];
}

/** loadHttpsIdentity reads the configured files or loads/creates the self-signed identity in pkiDir. */
export function loadHttpsIdentity(settings: HttpsSettings, pkiDir: string): HttpsIdentity {
  if (settings.certFile && settings.keyFile) {
    return {
      certPem: fs.readFileSync(settings.certFile, 'utf8'),
      keyPem: fs.readFileSync(settings.keyFile, 'utf8'),
      ...(settings.caFile ? { caPem: fs.readFileSync(settings.caFile, 'utf8') } : {}),
    };
  }
  const hosts = machineHosts(settings.hosts);
  fs.mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  const file = (name: string) => path.join(pkiDir, name);
  const write = (name: string, text: string) => fs.writeFileSync(file(name), text, { mode: 0o600 });
  let ca;
  if (fs.existsSync(file('ca.crt')) && fs.existsSync(file('ca.key'))) {
    ca = {
      certPem: fs.readFileSync(file('ca.crt'), 'utf8'),
      keyPem: fs.readFileSync(file('ca.key'), 'utf8'),
    };
  } else {
    ca = createCertificateAuthority(new Date(), 'Atelier Kubernetes CA');
    write('ca.crt', ca.certPem);
    write('ca.key', ca.keyPem);
  }
  if (fs.existsSync(file('server.crt')) && fs.existsSync(file('server.key'))) {
    const certPem = fs.readFileSync(file('server.crt'), 'utf8');
    if (covers(certPem, ca.certPem, hosts)) {
      return { certPem, keyPem: fs.readFileSync(file('server.key'), 'utf8'), caPem: ca.certPem };
    }
  }
  const serving = createServingCertificate(ca, hosts, new Date(), 'atelier-kubernetes');
  write('server.crt', serving.certPem);
  write('server.key', serving.keyPem);
  return { certPem: serving.certPem, keyPem: serving.keyPem, caPem: ca.certPem };
}

/** covers tells whether a certificate is issued by the CA, valid for at least a day more, and names every host. */
function covers(certPem: string, caPem: string, hosts: readonly string[]): boolean {
  const cert = new X509Certificate(certPem);
  if (!cert.checkIssued(new X509Certificate(caPem))) return false;
  if (new Date(cert.validTo).getTime() < Date.now() + 86_400_000) return false;
  return hosts.every((host) =>
    /^[\d.]+$/.test(host) || host.includes(':')
      ? cert.checkIP(host) !== undefined
      : cert.checkHost(host) !== undefined,
  );
}
