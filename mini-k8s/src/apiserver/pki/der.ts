/**
 * A minimal ASN.1 DER writer: exactly the types an X.509 v3 certificate needs (SEQUENCE, SET, INTEGER,
 * BOOLEAN, OBJECT IDENTIFIER, strings, times, BIT and OCTET STRING, context tags). Values are built
 * bottom-up as byte arrays; every function returns a complete TLV.
 */

/** encodeLength encodes a DER length (short form below 128, long form otherwise). */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** tlv wraps content bytes with a tag and a DER length. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** sequence is a SEQUENCE of already-encoded elements. */
export function sequence(...elements: Uint8Array[]): Buffer {
  return tlv(0x30, Buffer.concat(elements));
}

/** set is a SET of already-encoded elements (callers pass one element, so no DER sorting is needed). */
export function set(...elements: Uint8Array[]): Buffer {
  return tlv(0x31, Buffer.concat(elements));
}

/** integer encodes a non-negative integer given as big-endian bytes (a leading 0 is added when the high bit is set). */
export function integer(bytes: Uint8Array | number): Buffer {
  let content =
    typeof bytes === 'number'
      ? Buffer.from(
          bytes
            .toString(16)
            .padStart(2, '0')
            .replace(/^(.(..)*)$/, '0$1'),
          'hex',
        )
      : Buffer.from(bytes);
  let start = 0;
  while (start < content.length - 1 && content[start] === 0 && (content[start + 1] & 0x80) === 0) start++;
  content = content.subarray(start);
  if (content[0] & 0x80) content = Buffer.concat([Buffer.from([0]), content]);
  return tlv(0x02, content);
}

/** boolean encodes a BOOLEAN (DER: 0xff for true). */
export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** oid encodes an OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(0x80 | (n & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** utf8String encodes a UTF8String. */
export function utf8String(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

/** octetString wraps bytes in an OCTET STRING. */
export function octetString(bytes: Uint8Array): Buffer {
  return tlv(0x04, bytes);
}

/** bitString encodes a BIT STRING with the given number of unused trailing bits. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/** time encodes a date as UTCTime before 2050 and GeneralizedTime from 2050, as RFC 5280 requires. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  if (date.getUTCFullYear() < 2050) return tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'));
  return tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

/** explicit wraps an encoded element in a constructed context-specific tag `[n]`. */
export function explicit(tagNumber: number, element: Uint8Array): Buffer {
  return tlv(0xa0 | tagNumber, element);
}

/** implicit encodes primitive content under a context-specific tag `[n]` (e.g. GeneralName dNSName [2]). */
export function implicit(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | tagNumber, content);
}
