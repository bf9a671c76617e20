import { describe, expect, it } from 'vitest';
import { container, filterOutcome, makeNode, makePod } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import type { PodInput } from '../../framework/fixtures';
import { nodeResourcesFit } from '.';

describe('NodeResourcesFit', () => {
  const snapshot = Snapshot.build(
    [
      makeNode('small', { cpu: '1', memory: '1Gi', pods: '3', extra: { 'example.com/gpu': '1' } }),
      makeNode('full', { cpu: '4', memory: '8Gi', pods: '1' }),
    ],
    [
      makePod('used', { nodeName: 'small', requests: { cpu: '500m', memory: '512Mi' } }),
      makePod('only', { nodeName: 'full' }),
    ],
  );
  it.each<[string, PodInput, string, string]>([
    ['fits', { requests: { cpu: '500m', memory: '512Mi' } }, 'small', 'Success'],
    ['best-effort pod fits', {}, 'small', 'Success'],
    ['too much cpu', { requests: { cpu: '600m' } }, 'small', 'Unschedulable: Insufficient cpu'],
    [
      'too much cpu and memory',
      { requests: { cpu: '2', memory: '1Gi' } },
      'small',
      'Unschedulable: Insufficient cpu, Insufficient memory',
    ],
    ['pod count limit', {}, 'full', 'Unschedulable: Too many pods'],
    [
      'pod count and cpu',
      { requests: { cpu: '5' } },
      'full',
      'Unschedulable: Too many pods, Insufficient cpu',
    ],
    ['extended resource available', { requests: { 'example.com/gpu': '1' } }, 'small', 'Success'],
    [
      'extended resource short',
      { requests: { 'example.com/gpu': '2' } },
      'small',
      'Unschedulable: Insufficient example.com/gpu',
    ],
    [
      'init container bigger than app containers',
      {
        containers: [container('app', { cpu: '100m' })],
        initContainers: [container('init', { cpu: '900m' })],
      },
      'small',
      'Unschedulable: Insufficient cpu',
    ],
    [
      'init containers count as max, not sum',
      {
        containers: [container('app', { cpu: '200m' })],
        initContainers: [container('i1', { cpu: '400m' }), container('i2', { cpu: '400m' })],
      },
      'small',
      'Success',
    ],
    [
      'sidecar adds to app containers',
      {
        containers: [container('app', { cpu: '300m' })],
        initContainers: [container('side', { cpu: '300m' }, { restartPolicy: 'Always' })],
      },
      'small',
      'Unschedulable: Insufficient cpu',
    ],
    [
      'overhead counts',
      { requests: { cpu: '400m' }, overhead: { cpu: '200m' } },
      'small',
      'Unschedulable: Insufficient cpu',
    ],
  ])('%s', (_name, input, node, expected) => {
    expect(filterOutcome(nodeResourcesFit(), makePod('p', input), node, snapshot)).toBe(expected);
  });
});
