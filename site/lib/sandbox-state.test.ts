import { describe, expect, it } from 'vitest';
import { parseSandbox, pollInterval, stateView } from './sandbox-state';

describe('stateView', () => {
  it.each([
    ['connecting', 'préparation', 'pending'],
    ['creating', 'préparation', 'pending'],
    ['ready', 'prêt', 'ok'],
    ['sleeping', 'en veille', 'idle'],
    ['expired', 'expiré', 'error'],
    ['unavailable', 'indisponible', 'error'],
    ['toString', 'indisponible', 'error'],
    ['bogus', 'indisponible', 'error'],
  ])('%s → « %s »', (state, label, tone) => {
    expect(stateView(state)).toMatchObject({ label, tone });
  });
});

describe('parseSandbox', () => {
  it.each([
    [
      { id: 'a1', state: 'ready', nodes: 3, exerciseId: '04-pods/premier-pod', links: {} },
      { id: 'a1', state: 'ready', nodes: 3, exerciseId: '04-pods/premier-pod' },
    ],
    [
      { id: 'a1', state: 'sleeping' },
      { id: 'a1', state: 'sleeping', nodes: 0, exerciseId: null },
    ],
    [{ id: '', state: 'ready' }, undefined],
    [{ id: 'a1', state: 'connecting' }, undefined],
    [{ error: 'rate_limited' }, undefined],
    [null, undefined],
    ['ready', undefined],
  ])('%j', (value, expected) => {
    expect(parseSandbox(value)).toEqual(expected);
  });
});

describe('pollInterval', () => {
  it.each([
    ['creating', 1_000],
    ['connecting', 1_000],
    ['ready', 15_000],
    ['sleeping', 15_000],
  ] as const)('%s → %d ms', (state, ms) => {
    expect(pollInterval(state)).toBe(ms);
  });
});
