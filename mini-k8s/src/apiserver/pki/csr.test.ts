import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate } from './certificates';
import { createCertificateRequest, parseCertificateRequest } from './csr';

describe('certificate signing requests', () => {
  it('round-trips subject and key, and rejects a tampered signature', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = createCertificateRequest({ commonName: 'alice', organizations: ['dev', 'ops'] }, privateKey);
    const parsed = parseCertificateRequest(pem);
    expect(parsed).toMatchObject({ commonName: 'alice', organizations: ['dev', 'ops'] });
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[20] ^= 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(() => parseCertificateRequest(tampered)).toThrow();
    expect(() => parseCertificateRequest('nope')).toThrow('PEM block type must be CERTIFICATE REQUEST');
  });

  it('parses an RSA request written by openssl when openssl is installed', () => {
    let pem: string;
    try {
      pem = execFileSync(
        'openssl',
        ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=bob/O=qa'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
    } catch {
      return; // openssl is optional on the test machine
    }
    expect(parseCertificateRequest(pem)).toMatchObject({ commonName: 'bob', organizations: ['qa'] });
  });

  it('issues a client certificate verifiable by the CA with CN and O from the request', () => {
    const ca = createCertificateAuthority();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const request = parseCertificateRequest(
      createCertificateRequest({ commonName: 'alice', organizations: ['dev'] }, privateKey),
    );
    const cert = new X509Certificate(
      issueClientCertificate(ca, request, request.publicKey, new Date(), 3600),
    );
    expect(cert.subject).toBe('O=dev\nCN=alice');
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkPrivateKey(privateKey)).toBe(true);
    expect(new Date(cert.validTo).getTime() - Date.now()).toBeLessThan(3700_000);
  });
});
