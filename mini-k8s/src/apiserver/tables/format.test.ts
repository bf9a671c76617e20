import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector,
  formatLabels,
  intOrStringText,
  joinHostPort,
  layoutContainerCells,
  listWithMoreString,
  loadBalancerAddresses,
  printBoolPtr,
  selectorString,
} from './format';

describe('format helpers', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ b: '2', a: '1' }, 'a=1,b=2'],
  ])('formatLabels(%j) = %s', (labels, expected) => {
    expect(formatLabels(labels)).toBe(expected);
  });

  it.each([
    [undefined, '', '<none>'],
    [{}, '', '<none>'],
    [{ matchLabels: { tier: 'web', app: 'x' } }, 'app=x,tier=web', 'app=x,tier=web'],
    [
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'gpu', operator: 'DoesNotExist' },
        ],
      },
      'env in (dev,prod),!gpu',
      'env in (dev,prod),!gpu',
    ],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, undefined, '<error>'],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] }, undefined, '<error>'],
  ])('selector %j', (selector, raw, formatted) => {
    expect(selectorString(selector)).toBe(raw);
    expect(formatLabelSelector(selector)).toBe(formatted);
  });

  it('formats small values', () => {
    expect(
      layoutContainerCells([
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ]),
    ).toEqual({ names: 'a,b', images: 'x,y' });
    expect(layoutContainerCells(undefined)).toEqual({ names: '', images: '' });
    expect(intOrStringText(3)).toBe('3');
    expect(intOrStringText('50%')).toBe('50%');
    expect([printBoolPtr(true), printBoolPtr(false), printBoolPtr(undefined)]).toEqual([
      'True',
      'False',
      '<unset>',
    ]);
    expect([joinHostPort('10.0.0.1', 80), joinHostPort('fd00::1', 80)]).toEqual([
      '10.0.0.1:80',
      '[fd00::1]:80',
    ]);
    expect(listWithMoreString([], false, 0, 3)).toBe('<unset>');
    expect(listWithMoreString(['a', 'b', 'c'], true, 5, 3)).toBe('a,b,c + 2 more...');
    expect(loadBalancerAddresses([{ ip: '2.2.2.2' }, { ip: '1.1.1.1' }, { ip: '1.1.1.1' }, {}])).toBe(
      '1.1.1.1,2.2.2.2',
    );
  });
});
