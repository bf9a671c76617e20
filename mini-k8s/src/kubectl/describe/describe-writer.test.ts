import { describe, expect, it } from 'vitest';
import { DescribeWriter } from './describe-writer';

describe('DescribeWriter', () => {
  it('aligns label and annotation blocks like kubectl describe', () => {
    const w = new DescribeWriter();
    w.write(0, 'Name:\tcfg\n');
    w.labels('Labels', { b: '2', a: '1' });
    w.annotations('Annotations', {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      note: 'hello',
    });
    expect(w.toString()).toBe(
      'Name:         cfg\nLabels:       a=1\n              b=2\nAnnotations:  note: hello\n',
    );
  });

  it.each([
    [{}, 'Labels:  <none>\n'],
    [{ k: 'v' }, 'Labels:  k=v\n'],
  ])('prints %j as %j', (labels, expected) => {
    const w = new DescribeWriter();
    w.labels('Labels', labels);
    expect(w.toString()).toBe(expected);
  });

  it('folds long and multi-line annotations', () => {
    const w = new DescribeWriter();
    w.annotations('Annotations', { k: 'line1\nline2' });
    expect(w.toString()).toBe('Annotations:  k:\n                line1\n                line2\n');
  });

  it('prints the events table sorted by last timestamp, with repeat counts', () => {
    const now = new Date('2026-01-01T00:10:00Z');
    const w = new DescribeWriter(now);
    w.write(0, 'Name:\tx\n');
    w.events([
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'b' },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting ',
        count: 3,
        firstTimestamp: '2026-01-01T00:00:00Z',
        lastTimestamp: '2026-01-01T00:09:00Z',
        source: { component: 'kubelet' },
      },
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'a' },
        type: 'Normal',
        reason: 'Scheduled',
        message: 'Assigned',
        eventTime: '2026-01-01T00:05:00.000000Z',
        lastTimestamp: null,
        reportingComponent: 'default-scheduler',
      },
    ]);
    expect(w.toString()).toBe(
      'Name:  x\nEvents:\n' +
        '  Type     Reason     Age                From               Message\n' +
        '  ----     ------     ----               ----               -------\n' +
        '  Normal   Scheduled  5m                 default-scheduler  Assigned\n' +
        '  Warning  BackOff    60s (x3 over 10m)  kubelet            Back-off restarting\n',
    );
  });

  it('prints <none> when there are no events', () => {
    const w = new DescribeWriter();
    w.events([]);
    expect(w.toString()).toBe('Events:  <none>\n');
  });
});
