/**
 * PKCS#10 certificate signing requests (RFC 2986), as `openssl req -new` writes them: parsed with a small
 * DER reader to the subject (CN and O, which the kube-apiserver-client signer turns into user and groups)
 * and the public key, and checked against their self-signature.
 */
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bitString, oid, sequence, set, tlv, utf8String } from './der';

/** ParsedCertificateRequest is what the API server needs from a CSR. */
export interface ParsedCertificateRequest {
  commonName: string;
  organizations: string[];
  publicKey: KeyObject;
}

interface Node {
  tag: number;
  /** Offset of the whole TLV and of its content. */
  start: number;
  contentStart: number;
  end: number;
}

/** readNode reads one TLV at offset. */
function readNode(der: Buffer, offset: number): Node {
  if (offset + 2 > der.length) throw new Error('truncated DER');
  const tag = der[offset];
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > der.length) throw new Error('invalid DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[contentStart + i];
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart, end };
}

/** children lists the TLVs inside a constructed node. */
function children(der: Buffer, node: Node): Node[] {
  const out: Node[] = [];
  for (let offset = node.contentStart; offset < node.end;) {
    const child = readNode(der, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

function decodeOid(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SIGNATURE_HASHES: Record<string, string | null> = {
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null, // Ed25519
};

/** pemBlocks returns the DER of the first PEM block of the given type. */
export function pemBlock(pem: string, type: string): Buffer | undefined {
  const match = new RegExp(`-----BEGIN ${type}-----([\\s\\S]*?)-----END ${type}-----`).exec(pem);
  return match ? Buffer.from(match[1].replace(/\s+/g, ''), 'base64') : undefined;
}

/**
 * parseCertificateRequest parses a PEM `CERTIFICATE REQUEST` and verifies its signature. Throws an Error
 * whose message says what is wrong (as Go's x509.ParseCertificateRequest / CheckSignature).
 */
export function parseCertificateRequest(pem: string): ParsedCertificateRequest {
  const der = pemBlock(pem, 'CERTIFICATE REQUEST');
  if (!der) throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const root = readNode(der, 0);
  const [info, algorithm, signature] = children(der, root);
  if (!info || !algorithm || !signature) throw new Error('x509: malformed certificate request');
  const [, subject, spki] = children(der, info);
  if (!subject || !spki) throw new Error('x509: malformed certificate request');
  let commonName = '';
  const organizations: string[] = [];
  for (const rdn of children(der, subject)) {
    for (const attribute of children(der, rdn)) {
      const [type, value] = children(der, attribute);
      const id = decodeOid(der.subarray(type.contentStart, type.end));
      const text = der.subarray(value.contentStart, value.end).toString('utf8');
      if (id === '2.5.4.3') commonName = text;
      if (id === '2.5.4.10') organizations.push(text);
    }
  }
  const publicKey = createPublicKey({ key: der.subarray(spki.start, spki.end), format: 'der', type: 'spki' });
  const algorithmId = children(der, algorithm)[0];
  const oid = decodeOid(der.subarray(algorithmId.contentStart, algorithmId.end));
  if (!(oid in SIGNATURE_HASHES)) throw new Error(`x509: unsupported signature algorithm ${oid}`);
  // The BIT STRING's first content byte counts unused bits (always 0 for signatures).
  const signatureBytes = der.subarray(signature.contentStart + 1, signature.end);
  const signed = der.subarray(info.start, info.end);
  if (!verify(SIGNATURE_HASHES[oid], signed, publicKey, signatureBytes)) {
    throw new Error('x509: ECDSA verification failure');
  }
  return { commonName, organizations, publicKey };
}

/**
 * createCertificateRequest writes a PEM PKCS#10 request for `O=<organizations>…, CN=<commonName>` signed
 * by an EC P-256 private key (what `openssl req -new -key k.pem -subj "/CN=alice/O=dev"` produces).
 */
export function createCertificateRequest(
  subject: { commonName: string; organizations?: string[] },
  privateKey: KeyObject,
): string {
  const rdns = (subject.organizations ?? []).map((o) => set(sequence(oid('2.5.4.10'), utf8String(o))));
  rdns.push(set(sequence(oid('2.5.4.3'), utf8String(subject.commonName))));
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const info = sequence(Buffer.from([0x02, 0x01, 0x00]), sequence(...rdns), spki, tlv(0xa0, Buffer.alloc(0)));
  const algorithm = sequence(oid('1.2.840.10045.4.3.2'));
  const der = sequence(info, algorithm, bitString(sign('sha256', info, privateKey)));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
