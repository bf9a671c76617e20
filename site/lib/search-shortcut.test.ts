import { describe, expect, it } from 'vitest';
import { searchShortcut } from './search-shortcut';

/** fake builds the part of an Element the shortcut reads. */
const fake = (tagName: string, opts: { editable?: boolean; inTerminal?: boolean } = {}): Element =>
  ({
    tagName,
    isContentEditable: opts.editable ?? false,
    closest: () => (opts.inTerminal ? {} : null),
  }) as unknown as Element;

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('searchShortcut', () => {
  it('takes `/` when nothing editable has the focus', () => {
    expect(searchShortcut(key('/'), null)).toBe(true);
    expect(searchShortcut(key('/'), fake('BODY'))).toBe(true);
    expect(searchShortcut(key('/'), fake('BUTTON'))).toBe(true);
  });

  it('leaves `/` to fields, the editor and the terminal, and ignores chords', () => {
    expect(searchShortcut(key('/'), fake('INPUT'))).toBe(false);
    expect(searchShortcut(key('/'), fake('TEXTAREA'))).toBe(false);
    expect(searchShortcut(key('/'), fake('DIV', { editable: true }))).toBe(false);
    expect(searchShortcut(key('/'), fake('DIV', { inTerminal: true }))).toBe(false);
    expect(searchShortcut(key('/', { ctrlKey: true }), null)).toBe(false);
    expect(searchShortcut(key('a'), null)).toBe(false);
  });
});
