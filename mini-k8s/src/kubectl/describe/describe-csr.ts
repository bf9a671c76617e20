/**
 * describeCSR is kubectl's CertificateSigningRequest describer: requester, signer, requested duration,
 * status (Pending/Approved/Denied, Failed, Issued), then the subject and subject alternative names read
 * from the PKCS#10 request (RFC 2986) with a small DER reader.
 */
import type { KubeObject } from '../../api/object';
import { humanDuration } from '../../apiserver/tables/age';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, eventsFor, rfc1123z } from './describers';
import { formatLabels } from './describe-storage';

interface CertificateSigningRequest extends KubeObject {
  spec?: { request?: string; signerName?: string; expirationSeconds?: number; username?: string };
  status?: { conditions?: { type: string }[]; certificate?: string };
}

/** Subject is the part of a CSR's subject and SANs that describe prints. */
export interface CertificateRequestInfo {
  commonName: string;
  serialNumber: string;
  organization: string[];
  organizationalUnit: string[];
  country: string[];
  locality: string[];
  province: string[];
  streetAddress: string[];
  postalCode: string[];
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  ipAddresses: string[];
}

export async function describeCSR(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const csr = obj as CertificateSigningRequest;
  const spec = csr.spec ?? {};
  let cr: CertificateRequestInfo;
  try {
    cr = parseCertificateRequest(Buffer.from(spec.request ?? '', 'base64').toString('latin1'));
  } catch (err) {
    throw new Error(`Error parsing CSR: ${(err as Error).message}`, { cause: err });
  }
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${csr.metadata.name}\n`);
  w.write(0, `Labels:\t${formatLabels(csr.metadata.labels)}\n`);
  w.write(0, `Annotations:\t${formatLabels(csr.metadata.annotations)}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(csr.metadata.creationTimestamp)}\n`);
  w.write(0, `Requesting User:\t${spec.username ?? ''}\n`);
  if (spec.signerName) w.write(0, `Signer:\t${spec.signerName}\n`);
  if (spec.expirationSeconds !== undefined) {
    w.write(0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
  }
  w.write(0, `Status:\t${csrStatus(csr)}\n`);
  const list = (name: string, values: string[]) => {
    if (values.length === 0) return;
    w.write(0, `\t${name}:\t${values.join('\n\t\t')}\n`);
  };
  w.write(0, 'Subject:\n');
  w.write(0, `\tCommon Name:\t${cr.commonName}\n`);
  w.write(0, `\tSerial Number:\t${cr.serialNumber}\n`);
  list('Organization', cr.organization);
  list('Organizational Unit', cr.organizationalUnit);
  list('Country', cr.country);
  list('Locality', cr.locality);
  list('Province', cr.province);
  list('StreetAddress', cr.streetAddress);
  list('PostalCode', cr.postalCode);
  if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length > 0) {
    w.write(0, 'Subject Alternative Names:\n');
    list('DNS Names', cr.dnsNames);
    list('Email Addresses', cr.emailAddresses);
    list('URIs', cr.uris);
    list('IP Addresses', cr.ipAddresses);
  }
  if (events) w.events(events);
  return w.toString();
}

/** csrStatus is extractCSRStatus: Denied, Approved or Pending, then `,Failed` and `,Issued`. */
function csrStatus(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

interface Tlv {
  tag: number;
  content: Buffer;
}

/** readTlvs reads the DER elements laid end to end in `der`. */
function readTlvs(der: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < der.length) {
    if (offset + 2 > der.length) throw new Error('asn1: syntax error: data truncated');
    const tag = der[offset];
    let length = der[offset + 1];
    let start = offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || start + count > der.length) {
        throw new Error('asn1: syntax error: invalid length');
      }
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
      start += count;
    }
    if (start + length > der.length) throw new Error('asn1: syntax error: data truncated');
    out.push({ tag, content: der.subarray(start, start + length) });
    offset = start + length;
  }
  return out;
}

function oidString(content: Buffer): string {
  const parts: number[] = [Math.floor(content[0] / 40), content[0] % 40];
  let value = 0;
  for (let i = 1; i < content.length; i++) {
    value = value * 128 + (content[i] & 0x7f);
    if (!(content[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SUBJECT_FIELDS: Record<string, keyof CertificateRequestInfo> = {
  '2.5.4.3': 'commonName',
  '2.5.4.5': 'serialNumber',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.6': 'country',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'province',
  '2.5.4.9': 'streetAddress',
  '2.5.4.17': 'postalCode',
};

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const SUBJECT_ALT_NAME = '2.5.29.17';

/** parseCertificateRequest reads the subject and SANs of a PEM `CERTIFICATE REQUEST`. */
export function parseCertificateRequest(pem: string): CertificateRequestInfo {
  const match =
    /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([\s\S]*?)-----END (NEW )?CERTIFICATE REQUEST-----/.exec(pem);
  if (!match) throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const der = Buffer.from(match[2].replace(/\s+/g, ''), 'base64');
  const [request] = readTlvs(der);
  if (!request || request.tag !== 0x30) throw new Error('asn1: structure error: not a certificate request');
  const [info] = readTlvs(request.content);
  if (!info || info.tag !== 0x30) throw new Error('asn1: structure error: missing request info');
  const [, subject, , attributes] = readTlvs(info.content);
  const result: CertificateRequestInfo = {
    commonName: '',
    serialNumber: '',
    organization: [],
    organizationalUnit: [],
    country: [],
    locality: [],
    province: [],
    streetAddress: [],
    postalCode: [],
    dnsNames: [],
    emailAddresses: [],
    uris: [],
    ipAddresses: [],
  };
  for (const rdn of subject ? readTlvs(subject.content) : []) {
    for (const atv of readTlvs(rdn.content)) {
      const [type, value] = readTlvs(atv.content);
      const field = SUBJECT_FIELDS[oidString(type.content)];
      if (!field || !value) continue;
      const text = value.content.toString('utf8');
      const current = result[field];
      if (Array.isArray(current)) current.push(text);
      else (result[field] as string) = text;
    }
  }
  if (attributes && attributes.tag === 0xa0) {
    for (const attr of readTlvs(attributes.content)) {
      const [type, values] = readTlvs(attr.content);
      if (oidString(type.content) !== EXTENSION_REQUEST || !values) continue;
      for (const extensions of readTlvs(values.content)) {
        for (const ext of readTlvs(extensions.content)) {
          const parts = readTlvs(ext.content);
          if (oidString(parts[0].content) !== SUBJECT_ALT_NAME) continue;
          const [names] = readTlvs(parts[parts.length - 1].content);
          for (const name of readTlvs(names.content)) readGeneralName(name, result);
        }
      }
    }
  }
  return result;
}

/** readGeneralName files one GeneralName of a SAN extension (email, DNS name, URI or IP address). */
function readGeneralName(name: Tlv, into: CertificateRequestInfo): void {
  switch (name.tag & 0x1f) {
    case 1:
      into.emailAddresses.push(name.content.toString('latin1'));
      break;
    case 2:
      into.dnsNames.push(name.content.toString('latin1'));
      break;
    case 6:
      into.uris.push(name.content.toString('latin1'));
      break;
    case 7:
      into.ipAddresses.push(ipString(name.content));
      break;
  }
}

/** ipString is net.IP.String(): dotted IPv4 (also for IPv4-mapped IPv6) or compressed IPv6. */
function ipString(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length !== 16) return `?${bytes.toString('hex')}`;
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return [...bytes.subarray(12)].join('.');
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  // The longest run of two or more zero groups becomes `::` (the first one on ties).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
