import { describe, expect, it } from 'vitest';
import { RESOURCES, findResource } from '../../api/resources';
import { buildTable, printerFor } from './index';
import { genericPrinter } from './generic';
import { NOW, kubeObject } from './test-fixtures';

const pods = findResource('', 'v1', 'pods');
const roles = findResource('rbac.authorization.k8s.io', 'v1', 'roles');
if (!pods || !roles) throw new Error('catalogue is missing pods or roles');

const nginx = kubeObject(
  'v1',
  'Pod',
  {
    name: 'nginx',
    namespace: 'default',
    uid: '6f1c',
    resourceVersion: '1007',
    labels: { run: 'nginx' },
    managedFields: [{ manager: 'kubectl-run', operation: 'Update' }],
  },
  {
    spec: { containers: [{ name: 'nginx', image: 'nginx' }], nodeName: 'node-1' },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.244.0.16' }],
      containerStatuses: [{ name: 'nginx', ready: true, state: { running: {} } }],
    },
  },
);

describe('buildTable', () => {
  it('renders a Table with PartialObjectMetadata rows by default', () => {
    const table = buildTable(pods, [nginx], { now: NOW, resourceVersion: '1063' });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '1063' });
    expect(table.columnDefinitions?.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(table.rows).toEqual([
      {
        cells: ['nginx', '1/1', 'Running', '0', '5m', '10.244.0.16', 'node-1', '<none>', '<none>'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: nginx.metadata },
      },
    ]);
  });

  it.each([
    ['Object', nginx],
    ['None', null],
  ] as const)('embeds the row object for includeObject=%s', (includeObject, expected) => {
    const table = buildTable(pods, [nginx], { now: NOW, includeObject });
    expect(table.rows[0]?.object).toEqual(expected);
  });

  it('serialises like the Go API server: null headers with noHeaders, conditions between cells and object', () => {
    const done = kubeObject(
      'v1',
      'Pod',
      { name: 'done' },
      { spec: { containers: [] }, status: { phase: 'Succeeded' } },
    );
    const table = buildTable(pods, [done], {
      now: NOW,
      noHeaders: true,
      includeObject: 'None',
      continue: 'abc',
    });
    expect(JSON.stringify(table)).toBe(
      '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"continue":"abc"},"columnDefinitions":null,' +
        '"rows":[{"cells":["done","0/0","Succeeded","0","5m","<none>","<none>","<none>","<none>"],' +
        '"conditions":[{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}],' +
        '"object":null}]}',
    );
  });

  it('serialises column definitions with every Go field', () => {
    const table = buildTable(roles, [], { now: NOW });
    expect(JSON.parse(JSON.stringify(table))).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {},
      columnDefinitions: [
        {
          name: 'Name',
          type: 'string',
          format: 'name',
          description: expect.stringMatching(/^Name must be unique/),
          priority: 0,
        },
        {
          name: 'Created At',
          type: 'date',
          format: '',
          description: expect.stringMatching(/^CreationTimestamp/),
          priority: 0,
        },
      ],
      rows: [],
    });
  });

  it('renders every cataloged resource with one cell per column', () => {
    for (const info of RESOURCES) {
      const printer = printerFor(info);
      const obj = kubeObject(
        info.version === 'v1' && info.group === '' ? 'v1' : `${info.group}/${info.version}`,
        info.kind,
        {
          name: 'x',
        },
      );
      const table = buildTable(info, [obj], { now: NOW });
      expect(table.rows[0]?.cells.length, `${info.group}/${info.resource}`).toBe(printer.columns.length);
    }
  });

  it.each([
    ['', 'Pod', false],
    ['autoscaling', 'HorizontalPodAutoscaler', false],
    ['events.k8s.io', 'Event', false],
    ['rbac.authorization.k8s.io', 'Role', true],
    ['rbac.authorization.k8s.io', 'ClusterRole', true],
    ['', 'LimitRange', true],
    ['', 'Binding', true],
  ])('picks the printer for %s/%s (generic: %s)', (group, kind, generic) => {
    expect(printerFor({ group, kind }) === genericPrinter).toBe(generic);
  });
});
