import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadHttpsIdentity, readCaBundle } from './https-identity';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('loadHttpsIdentity', () => {
  it('creates a CA and a serving certificate once, and re-issues it from the same CA for new hosts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pki-'));
    dirs.push(dir);
    const first = loadHttpsIdentity({ port: 8443, hosts: [] }, dir);
    const cert = new X509Certificate(first.certPem);
    expect(cert.checkIssued(new X509Certificate(first.caPem!))).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(loadHttpsIdentity({ port: 8443, hosts: [] }, dir)).toEqual(first);
    const grown = loadHttpsIdentity({ port: 8443, hosts: ['atelier.example'] }, dir);
    expect(grown.caPem).toBe(first.caPem);
    expect(new X509Certificate(grown.certPem).checkHost('atelier.example')).toBe('atelier.example');
  });

  it('uses the configured files and trusts the system roots without TLS_CA', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pki-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'c.pem'), 'CERT');
    fs.writeFileSync(path.join(dir, 'k.pem'), 'KEY');
    expect(
      loadHttpsIdentity(
        { port: 1, certFile: path.join(dir, 'c.pem'), keyFile: path.join(dir, 'k.pem'), hosts: [] },
        dir,
      ),
    ).toEqual({ certPem: 'CERT', keyPem: 'KEY' });
  });
});

describe('readCaBundle', () => {
  it('reads a PEM authority and refuses, in French, a missing file or one without a certificate', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ca-'));
    const identity = loadHttpsIdentity({ port: 8443, hosts: [] }, path.join(dir, 'pki'));
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, identity.caPem!);
    expect(readCaBundle(ca)).toBe(identity.caPem);
    expect(() => readCaBundle(path.join(dir, 'absent.pem'))).toThrow(
      `PUBLIC_HTTPS_CA : lecture de ${path.join(dir, 'absent.pem')} impossible (ENOENT)`,
    );
    fs.writeFileSync(path.join(dir, 'bad.pem'), 'not a certificate');
    expect(() => readCaBundle(path.join(dir, 'bad.pem'))).toThrow('ne contient pas de certificat PEM');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
