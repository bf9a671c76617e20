import { describe, expect, it } from 'vitest';
import { validateEphemeralContainers } from './ephemeral-containers';
import { validatePodCreate } from './pod';

const render = (errs: { field: string; detail?: string }[]) => errs.map((e) => `${e.field}: ${e.detail}`);

/** DEFAULTED are the fields defaulting sets before validation runs. */
const DEFAULTED = { imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' };

describe('validateEphemeralContainers', () => {
  it('accepts a debugger targeting a regular container', () => {
    const errs = validateEphemeralContainers(
      [
        {
          name: 'dbg',
          image: 'busybox',
          ...DEFAULTED,
          stdin: true,
          tty: true,
          resources: {},
          targetContainerName: 'app',
        },
      ],
      new Set(),
      'spec.ephemeralContainers',
      new Set(['app']),
    );
    expect(errs).toEqual([]);
  });

  it('refuses workload fields, sub-paths, duplicate names and unknown targets', () => {
    const errs = validateEphemeralContainers(
      [
        {
          name: 'app',
          image: 'busybox',
          ...DEFAULTED,
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          startupProbe: { exec: { command: ['true'] } },
          restartPolicy: 'Always',
          volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'x' }],
          targetContainerName: 'other',
        },
      ],
      new Set(['data']),
      'spec.ephemeralContainers',
      new Set(['app']),
    );
    expect(render(errs)).toEqual([
      'spec.ephemeralContainers[0].name: Duplicate value: "app"',
      'spec.ephemeralContainers[0].targetContainerName: Not found: "other"',
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].startupProbe: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container',
    ]);
  });
});

describe('validatePodCreate', () => {
  it('refuses ephemeral containers on create', () => {
    const errs = validatePodCreate({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [
          { name: 'a', image: 'nginx', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' },
        ],
        ephemeralContainers: [{ name: 'b', image: 'busybox' }],
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
      },
    });
    expect(render(errs).filter((e) => e.startsWith('spec.ephemeralContainers:'))).toEqual([
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ]);
  });
});
