import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import type { ApiClient } from '../../client/client';
import { parseCertificateRequest } from './describe-csr';
import { smartLabelFor } from './describe-generic';
import { goTimeString, labelSelector } from './describe-network';
import { findNodeRoles } from './describe-node';
import { describeRole } from './describe-rbac';
import { accessModes, formatLabels } from './describe-storage';
import type { DescribeContext } from './describers';

/** A context whose client must not be called: these describers only format the object. */
const ctx: DescribeContext = { client: {} as ApiClient, now: new Date(0), showEvents: false };

describe('smartLabelFor (generic describer field titles)', () => {
  it.each([
    ['creationTimestamp', 'Creation Timestamp'],
    ['apiVersion', 'API Version'],
    ['uid', 'UID'],
    ['holderIdentity', 'Holder Identity'],
    ['leaseDurationSeconds', 'Lease Duration Seconds'],
    ['HTTPServer', 'HTTP Server'],
    ['ipv4', 'ipv4'],
    ['kubernetes.io/name', 'kubernetes.io/name'],
  ])('%s → %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });
});

describe('describeRole', () => {
  // Checked against kubectl 1.32: PolicyRule.String() starts with the verbs, so `[get list update]` sorts first.
  it('breaks rules down per verb, compacts them per resource and sorts them as kubectl does', async () => {
    const role = {
      kind: 'Role',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'r', namespace: 'ns' },
      rules: [
        { apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['update', 'get'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'], verbs: ['get'] },
        { nonResourceURLs: ['/healthz'], verbs: ['get'] },
      ],
    } as unknown as KubeObject;
    const text = await describeRole(role, ctx);
    const rows = text.split('\n').slice(6, -1);
    expect(rows).toEqual([
      '  deployments.apps/scale  []                 []              [get list update]',
      '  deployments/scale       []                 []              [get list]',
      '  pods                    []                 []              [get list]',
      '  pods.apps               []                 []              [get list]',
      '                          [/healthz]         []              [get]',
      '  configmaps              []                 [a]             [get]',
      '  configmaps              []                 [b]             [get]',
    ]);
  });
});

describe('formatting helpers', () => {
  it('abbreviates access modes in kubectl order, once each', () => {
    expect(accessModes(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'])).toBe('RWO,RWX');
    expect(accessModes(undefined)).toBe('');
  });

  it('formats label maps and selectors', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    expect(labelSelector({})).toBe('<none>');
    expect(
      labelSelector({
        matchLabels: { tier: 'web' },
        matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['qa', 'dev'] }],
      }),
    ).toBe('env notin (dev,qa),tier=web');
  });

  it("prints Go's time.String() in UTC", () => {
    expect(goTimeString('2026-03-04T05:06:07Z')).toBe('2026-03-04 05:06:07 +0000 UTC');
  });

  it('finds node roles from both label forms', () => {
    expect(
      findNodeRoles({
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/': 'ignored',
        'kubernetes.io/role': 'gpu',
      }),
    ).toEqual(['gpu', 'worker']);
  });
});

describe('parseCertificateRequest', () => {
  it('refuses a PEM block that is not a certificate request', () => {
    expect(() =>
      parseCertificateRequest('-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n'),
    ).toThrow('PEM block type must be CERTIFICATE REQUEST');
  });

  it('refuses truncated DER', () => {
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from([0x30, 0x82, 0x10]).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(() => parseCertificateRequest(pem)).toThrow(/asn1/);
  });

  it('reads a request without extensions (subject only)', () => {
    // A hand-built request: SEQUENCE { info SEQUENCE { version, subject CN=x O=y, spki, [0] {} } , alg, sig }.
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const tlv = (tag: number, content: Buffer) => {
      const len = content.length;
      const head = len < 128 ? Buffer.from([tag, len]) : Buffer.from([tag, 0x81, len]);
      return Buffer.concat([head, content]);
    };
    const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
    const oid = (bytes: number[]) => tlv(0x06, Buffer.from(bytes));
    const rdn = (oidBytes: number[], value: string) =>
      tlv(0x31, seq(oid(oidBytes), tlv(0x0c, Buffer.from(value))));
    const subject = seq(rdn([0x55, 0x04, 0x0a], 'ops'), rdn([0x55, 0x04, 0x03], 'alice'));
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const info = seq(Buffer.from([0x02, 0x01, 0x00]), subject, spki, tlv(0xa0, Buffer.alloc(0)));
    const der = seq(
      info,
      seq(oid([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])),
      tlv(0x03, Buffer.from([0])),
    );
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const cr = parseCertificateRequest(pem);
    expect(cr.commonName).toBe('alice');
    expect(cr.organization).toEqual(['ops']);
    expect(cr.dnsNames).toEqual([]);
  });
});
