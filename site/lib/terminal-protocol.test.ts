import { describe, expect, it } from 'vitest';
import {
  inputFrame,
  parseServerControl,
  reconnectDelay,
  resizeFrame,
  terminalSocketUrl,
} from './terminal-protocol';

describe('client frames', () => {
  it('encodes input as a JSON text frame', () => {
    expect(JSON.parse(inputFrame('ls "a"\r'))).toEqual({ type: 'input', data: 'ls "a"\r' });
  });

  it.each([
    [120, 40, 120, 40],
    [0, -3, 1, 1],
    [5000, 12.7, 1000, 12],
    [Number.NaN, 24, 1, 24],
  ])('resize %d×%d is sent as %d×%d', (cols, rows, c, r) => {
    expect(JSON.parse(resizeFrame(cols, rows))).toEqual({ type: 'resize', cols: c, rows: r });
  });
});

describe('parseServerControl', () => {
  it.each([
    ['{"type":"attached","sandboxId":"abc"}', { type: 'attached', sandboxId: 'abc' }],
    ['{"type":"exit","code":0}', { type: 'exit', code: 0 }],
    ['{"type":"error","message":"Message invalide"}', { type: 'error', message: 'Message invalide' }],
    ['{"type":"exit"}', undefined],
    ['{"type":"other"}', undefined],
    ['null', undefined],
    ['not json', undefined],
  ])('%s', (text, expected) => {
    expect(parseServerControl(text)).toEqual(expected);
  });
});

describe('terminalSocketUrl', () => {
  it.each([
    ['http:', 'ws://127.0.0.1:8080/api/sandboxes/ab%2Fc/terminal?cols=100&rows=30'],
    ['https:', 'wss://127.0.0.1:8080/api/sandboxes/ab%2Fc/terminal?cols=100&rows=30'],
  ])('under %s', (protocol, expected) => {
    expect(terminalSocketUrl({ protocol, host: '127.0.0.1:8080' }, 'ab/c', 100, 30)).toBe(expected);
  });
});

describe('reconnectDelay', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [3, 4000],
    [5, 10_000],
    [50, 10_000],
  ])('attempt %d waits %d ms', (attempt, ms) => {
    expect(reconnectDelay(attempt)).toBe(ms);
  });
});
