import { describe, expect, it } from 'vitest';
import { type KeyChord, clipboardShortcut, isLeaveTerminalKey, pasteText } from './terminal-shortcuts';

const chord = (over: Partial<KeyChord>): KeyChord => ({
  type: 'keydown',
  key: 'C',
  code: 'KeyC',
  ctrlKey: true,
  shiftKey: true,
  altKey: false,
  metaKey: false,
  ...over,
});

describe('clipboardShortcut', () => {
  it.each([
    ['Ctrl-Shift-C', chord({}), 'copy'],
    ['Ctrl-Shift-V', chord({ key: 'V', code: 'KeyV' }), 'paste'],
    ['Ctrl-Shift-C with an unknown key value', chord({ key: 'Unidentified' }), 'copy'],
    ['Ctrl-C (interrupt)', chord({ shiftKey: false, key: 'c' }), undefined],
    ['Ctrl-V alone', chord({ shiftKey: false, key: 'v', code: 'KeyV' }), undefined],
    ['AltGr chord (Ctrl+Alt)', chord({ altKey: true }), undefined],
    ['Cmd-Shift-C', chord({ metaKey: true }), undefined],
    ['keyup', chord({ type: 'keyup' }), undefined],
    ['Ctrl-Shift-A', chord({ key: 'A', code: 'KeyQ' }), undefined],
    ['Dvorak C on another code', chord({ key: 'C', code: 'KeyI' }), 'copy'],
  ])('%s', (_name, event, expected) => {
    expect(clipboardShortcut(event)).toBe(expected);
  });
});

describe('pasteText', () => {
  it.each([
    ['kubectl get pods', 'kubectl get pods'],
    ['a\nb\n', 'a\rb\r'],
    ['a\r\nb', 'a\rb'],
  ])('%j → %j', (text, expected) => {
    expect(pasteText(text)).toBe(expected);
  });
});

describe('isLeaveTerminalKey', () => {
  it.each([
    ['F6', chord({ key: 'F6', code: 'F6', ctrlKey: false, shiftKey: false }), true],
    ['Shift-F6', chord({ key: 'F6', code: 'F6', ctrlKey: false }), false],
    ['F6 keyup', chord({ type: 'keyup', key: 'F6', code: 'F6', ctrlKey: false, shiftKey: false }), false],
    ['Tab', chord({ key: 'Tab', code: 'Tab', ctrlKey: false, shiftKey: false }), false],
  ])('%s', (_name, event, expected) => {
    expect(isLeaveTerminalKey(event)).toBe(expected);
  });
});
