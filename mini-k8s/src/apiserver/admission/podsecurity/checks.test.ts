import { describe, expect, it } from 'vitest';
import { evaluatePod, formatViolations } from './checks';
import type { PodSpec } from './checks';
import { policyFor } from './plugin';

const compliant: PodSpec = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    { name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
  ],
};

describe('Pod Security Standards checks', () => {
  it('accepts everything at privileged and a hardened pod at restricted', () => {
    expect(evaluatePod('privileged', { hostNetwork: true })).toEqual([]);
    expect(evaluatePod('restricted', compliant)).toEqual([]);
  });

  it('pluralizes container lists and joins partial details with "; "', () => {
    const spec: PodSpec = {
      securityContext: { runAsNonRoot: false },
      initContainers: [{ name: 'init' }],
      containers: [
        { name: 'a', securityContext: { runAsNonRoot: false, capabilities: { add: ['SYS_TIME'] } } },
        { name: 'b', securityContext: { runAsUser: 0 } },
      ],
    };
    expect(formatViolations(evaluatePod('restricted', spec))).toBe(
      [
        'allowPrivilegeEscalation != false (containers "init", "a", "b" must set securityContext.allowPrivilegeEscalation=false)',
        'unrestricted capabilities (containers "init", "a", "b" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "SYS_TIME" in securityContext.capabilities.add)',
        'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false; container "a" must not set securityContext.runAsNonRoot=false; pod or containers "init", "b" must set securityContext.runAsNonRoot=true)',
        'runAsUser=0 (container "b" must not set runAsUser=0)',
        'seccompProfile (pod or containers "init", "a", "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
      ].join(', '),
    );
  });

  it('replaces baseline checks by the restricted checks that override them', () => {
    const spec: PodSpec = {
      ...compliant,
      volumes: [
        { name: 'host', hostPath: { path: '/' } },
        { name: 'nfs', nfs: { server: 'x' } },
        { name: 'tmp', emptyDir: {} },
      ],
    };
    expect(formatViolations(evaluatePod('baseline', spec))).toBe('hostPath volumes (volume "host")');
    expect(formatViolations(evaluatePod('restricted', spec))).toBe(
      'restricted volume types (volumes "host", "nfs" use restricted volume types "hostPath", "nfs")',
    );
  });

  it('reports host ports, host namespaces and unsafe sysctls at baseline', () => {
    const spec: PodSpec = {
      hostPID: true,
      hostIPC: true,
      securityContext: { sysctls: [{ name: 'kernel.msgmax' }, { name: 'net.ipv4.tcp_syncookies' }] },
      containers: [
        { name: 'a', ports: [{ hostPort: 80 }, { hostPort: 443 }] },
        { name: 'b', securityContext: { seccompProfile: { type: 'Unconfined' } } },
      ],
    };
    expect(formatViolations(evaluatePod('baseline', spec))).toBe(
      'host namespaces (hostPID=true, hostIPC=true), hostPort (container "a" uses hostPorts 80, 443), seccompProfile (container "b" must not set securityContext.seccompProfile.type to "Unconfined"), forbidden sysctls (kernel.msgmax)',
    );
  });
});

describe('policyFor', () => {
  it('reads level and version labels, fails closed on unknown levels', () => {
    expect(policyFor(undefined, 'enforce')).toEqual({ level: 'privileged', version: 'latest' });
    expect(
      policyFor(
        { 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/warn-version': 'v1.30' },
        'warn',
      ),
    ).toEqual({ level: 'baseline', version: 'v1.30' });
    expect(policyFor({ 'pod-security.kubernetes.io/enforce': 'strict' }, 'enforce').level).toBe('restricted');
  });
});
