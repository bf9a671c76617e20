/**
 * Certificate generation for `mini-k8s up`: a self-signed cluster CA and a serving certificate for
 * 127.0.0.1 / localhost signed by it, ECDSA P-256 with SHA-256, built with node:crypto keys and signatures
 * and the small DER writer next door (node:crypto can parse X.509 but not create it).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from './der';

/** KeyAndCertificate is a PEM private key (PKCS#8) with its PEM certificate. */
export interface KeyAndCertificate {
  keyPem: string;
  certPem: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** name encodes an X.501 Name with a common name and optional organization. */
function name(commonName: string, organization?: string): Buffer {
  const rdns = [];
  if (organization) rdns.push(set(sequence(oid(OID.organization), utf8String(organization))));
  rdns.push(set(sequence(oid(OID.commonName), utf8String(commonName))));
  return sequence(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

/** keyIdentifier is the SHA-1 of the subject public key bits (RFC 5280 method 1). */
function keyIdentifier(spkiDer: Buffer): Buffer {
  // The BIT STRING is the last element of SubjectPublicKeyInfo; for P-256 it is the final 65 bytes.
  return createHash('sha1')
    .update(spkiDer.subarray(spkiDer.length - 65))
    .digest();
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

interface CertificateSpec {
  subject: Buffer;
  issuer: Buffer;
  publicKey: KeyObject;
  signingKey: KeyObject;
  issuerKeyId: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

/** buildCertificate assembles and signs a v3 certificate; returns its DER. */
function buildCertificate(spec: CertificateSpec): Buffer {
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive serial numbers only
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    algorithm,
    spec.issuer,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spki,
    explicit(
      3,
      sequence(
        ...spec.extensions,
        extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
        extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, spec.issuerKeyId))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, spec.signingKey);
  return sequence(tbs, algorithm, bitString(signature));
}

function newKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

/** validity returns [notBefore, notAfter]: back-dated 5 minutes for clock skew, valid `days` days. */
function validity(now: Date, days: number): [Date, Date] {
  return [new Date(now.getTime() - 5 * 60_000), new Date(now.getTime() + days * 86_400_000)];
}

/** createCertificateAuthority creates a self-signed CA (`CN=kubernetes`, 10 years, as kubeadm's). */
export function createCertificateAuthority(now = new Date(), commonName = 'kubernetes'): KeyAndCertificate {
  const { privateKey, publicKey } = newKey();
  const [notBefore, notAfter] = validity(now, 3650);
  const subject = name(commonName);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const der = buildCertificate({
    subject,
    issuer: subject,
    publicKey,
    signingKey: privateKey,
    issuerKeyId: keyIdentifier(spki),
    notBefore,
    notAfter,
    extensions: [
      // digitalSignature, keyCertSign, cRLSign
      extension(OID.keyUsage, true, bitString(Buffer.from([0x86]), 1)),
      extension(OID.basicConstraints, true, sequence(boolean(true))),
    ],
  });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: pem('CERTIFICATE', der),
  };
}

/**
 * createServingCertificate issues a TLS server certificate for the given host names and IP addresses
 * (subjectAltName; Go clients ignore the CN), signed by the CA, valid one year.
 */
export function createServingCertificate(
  ca: KeyAndCertificate,
  hosts: string[] = ['127.0.0.1', 'localhost'],
  now = new Date(),
  commonName = 'kube-apiserver',
): KeyAndCertificate {
  const { privateKey, publicKey } = newKey();
  const caKey = createPrivateKey(ca.keyPem);
  const caCertDer = Buffer.from(ca.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const caSpki = createPublicKeyDer(caKey);
  const [notBefore, notAfter] = validity(now, 365);
  const altNames = hosts.map((host) => {
    const family = isIP(host);
    if (family === 4) return implicit(7, Buffer.from(host.split('.').map(Number)));
    if (family === 6) return implicit(7, ipv6Bytes(host));
    return implicit(2, Buffer.from(host, 'ascii'));
  });
  const der = buildCertificate({
    subject: name(commonName),
    issuer: issuerNameOf(caCertDer),
    publicKey,
    signingKey: caKey,
    issuerKeyId: keyIdentifier(caSpki),
    notBefore,
    notAfter,
    extensions: [
      // digitalSignature, keyEncipherment
      extension(OID.keyUsage, true, bitString(Buffer.from([0xa0]), 5)),
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.subjectAltName, false, sequence(...altNames)),
    ],
  });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: pem('CERTIFICATE', der),
  };
}

function createPublicKeyDer(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}

/** issuerNameOf extracts the subject Name of a certificate DER (the issuer of what it signs). */
function issuerNameOf(certDer: Buffer): Buffer {
  // Certificate ::= SEQUENCE { tbs SEQUENCE { [0] version, serial, sigAlg, issuer, validity, subject, ... } }
  let offset = headerLength(certDer, 0); // into Certificate
  offset += headerLength(certDer, offset); // into TBSCertificate
  for (let i = 0; i < 5; i++) offset += totalLength(certDer, offset); // skip version, serial, sigAlg, issuer, validity
  return certDer.subarray(offset, offset + totalLength(certDer, offset));
}

function headerLength(der: Buffer, offset: number): number {
  const first = der[offset + 1];
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

function totalLength(der: Buffer, offset: number): number {
  const first = der[offset + 1];
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i];
  return 2 + count + length;
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const missing = 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array(Math.max(0, missing)).fill('0'), ...tailParts];
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/**
 * issueClientCertificate signs a TLS client certificate for a public key (from an approved CSR): subject
 * `O=<group>…, CN=<user>`, extended key usage clientAuth, valid `seconds` (the CSR's expirationSeconds,
 * one year by default), as the kube-controller-manager's `kubernetes.io/kube-apiserver-client` signer.
 */
export function issueClientCertificate(
  ca: KeyAndCertificate,
  subject: { commonName: string; organizations: string[] },
  publicKey: KeyObject,
  now = new Date(),
  seconds = 365 * 86_400,
): string {
  const caKey = createPrivateKey(ca.keyPem);
  const caCertDer = Buffer.from(ca.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const rdns = subject.organizations.map((o) => set(sequence(oid(OID.organization), utf8String(o))));
  rdns.push(set(sequence(oid(OID.commonName), utf8String(subject.commonName))));
  const der = buildCertificate({
    subject: sequence(...rdns),
    issuer: issuerNameOf(caCertDer),
    publicKey,
    signingKey: caKey,
    issuerKeyId: keyIdentifier(createPublicKeyDer(caKey)),
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + seconds * 1000),
    extensions: [
      // digitalSignature, keyEncipherment
      extension(OID.keyUsage, true, bitString(Buffer.from([0xa0]), 5)),
      extension(OID.extKeyUsage, false, sequence(oid(OID.clientAuth))),
      extension(OID.basicConstraints, true, sequence()),
    ],
  });
  return pem('CERTIFICATE', der);
}
