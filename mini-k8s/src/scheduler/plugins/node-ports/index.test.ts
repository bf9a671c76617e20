import { describe, expect, it } from 'vitest';
import { container, filterOutcome, makeNode, makePod } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import type { ContainerPort } from '../../framework/types';
import { nodePorts } from '.';

const withPorts = (name: string, ports: ContainerPort[], nodeName?: string) =>
  makePod(name, { nodeName, containers: [container('c', undefined, { ports })] });

describe('NodePorts', () => {
  const snapshot = Snapshot.build(
    [makeNode('node01')],
    [
      withPorts(
        'existing',
        [
          { containerPort: 80, hostPort: 8080 },
          { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' },
        ],
        'node01',
      ),
    ],
  );
  const conflict = "Unschedulable: node(s) didn't have free ports for the requested pod ports";
  it.each<[string, ContainerPort[], string]>([
    ['no host ports skips', [{ containerPort: 80 }], 'Skip'],
    ['free port', [{ containerPort: 80, hostPort: 9090 }], 'Success'],
    ['same TCP port on 0.0.0.0', [{ containerPort: 80, hostPort: 8080 }], conflict],
    ['same port, other protocol', [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }], 'Success'],
    [
      'specific IP against a wildcard user',
      [{ containerPort: 80, hostPort: 8080, hostIP: '192.168.1.1' }],
      conflict,
    ],
    ['wildcard against a specific IP user', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }], conflict],
    [
      'another specific IP',
      [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.2' }],
      'Success',
    ],
  ])('%s', (_name, ports, expected) => {
    expect(filterOutcome(nodePorts(), withPorts('p', ports), 'node01', snapshot)).toBe(expected);
  });
});
