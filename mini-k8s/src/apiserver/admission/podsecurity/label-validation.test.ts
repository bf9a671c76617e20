import { describe, expect, it } from 'vitest';
import { podSecurityLabelErrors } from './label-validation';

describe('podSecurityLabelErrors', () => {
  it('accepts valid levels and versions, and labels of other keys', () => {
    expect(
      podSecurityLabelErrors({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.32',
        'pod-security.kubernetes.io/warn-version': 'latest',
        team: 'a',
      }),
    ).toEqual([]);
    expect(podSecurityLabelErrors(undefined)).toEqual([]);
  });

  it('lists invalid levels and versions in enforce, audit, warn order', () => {
    const found = podSecurityLabelErrors({
      'pod-security.kubernetes.io/warn': 'loose',
      'pod-security.kubernetes.io/enforce-version': 'v2.0',
      'pod-security.kubernetes.io/audit-version': 'v1.01',
    });
    expect(found.map((e) => e.field)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce-version]',
      'metadata.labels[pod-security.kubernetes.io/audit-version]',
      'metadata.labels[pod-security.kubernetes.io/warn]',
    ]);
  });
});
