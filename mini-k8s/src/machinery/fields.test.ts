import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { isStatusError } from './errors';
import { parseFieldSelector, supportedFields } from './fields';

const pods = { group: '', resource: 'pods' };
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName: 'node-1', restartPolicy: 'Always', hostNetwork: false },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
};

function failure(resource: { group: string; resource: string }, text: string): string {
  try {
    parseFieldSelector(resource, text);
  } catch (err) {
    if (isStatusError(err) && err.code === 400) return err.message;
    throw err;
  }
  throw new Error('parsed');
}

describe('parseFieldSelector', () => {
  it.each([
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name==web', true],
    ['metadata.name!=web', false],
    ['spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed', true],
    ['status.podIP=10.0.0.5', true],
    ['spec.hostNetwork=false', true],
    ['spec.host=node-1', true],
    ['spec.schedulerName=', true],
  ])('pods %j matches=%s', (text, matches) => {
    expect(parseFieldSelector(pods, text).matches(pod)).toBe(matches);
  });

  it('matches events by involved object', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
      source: { component: 'kubelet' },
      type: 'Normal',
    };
    const sel = parseFieldSelector(
      { group: '', resource: 'events' },
      'involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1,source=kubelet',
    );
    expect(sel.matches(event)).toBe(true);
    expect(parseFieldSelector({ group: '', resource: 'events' }, 'type=Warning').matches(event)).toBe(false);
  });

  it.each([
    [pods, 'foo=bar', 'field label not supported: foo'],
    [
      { group: 'apps', resource: 'deployments' },
      'spec.replicas=1',
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      { group: '', resource: 'nodes' },
      'metadata.namespace=x',
      'field label not supported: metadata.namespace',
    ],
    [pods, 'metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    [pods, 'metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    [pods, 'metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
  ])('%j rejects %j', (resource, text, message) => {
    expect(failure(resource, text)).toBe(message);
  });

  it('unescapes values, prints terms sorted and exposes exact matches', () => {
    const sel = parseFieldSelector(pods, 'status.phase==Running,metadata.name=a\\,b');
    expect(sel.toString()).toBe('metadata.name=a\\,b,status.phase=Running');
    expect(sel.requiresExactMatch('metadata.name')).toBe('a,b');
    expect(sel.empty()).toBe(false);
  });

  it('lists supported fields', () => {
    expect(supportedFields({ group: '', resource: 'secrets' })).toEqual([
      'metadata.name',
      'metadata.namespace',
      'type',
    ]);
    expect(supportedFields({ group: 'apps', resource: 'deployments' })).toEqual([
      'metadata.name',
      'metadata.namespace',
    ]);
  });
});
