/**
 * The lab terminal's own shortcuts. Copy and paste work on AZERTY keyboards. Ctrl-C must stay the interrupt key in a
 * terminal, so copy is Ctrl-Shift-C and paste Ctrl-Shift-V (as in GNOME Terminal). AltGr arrives as
 * Ctrl+Alt on Windows and is how AZERTY types `{ } [ ] | \ ~ # @`: any chord with Alt is left to the
 * terminal, never taken as a shortcut. F6 leaves the terminal: xterm.js keeps Tab for the shell's
 * completion, so keyboard users need another way out (WCAG 2.1.2, no keyboard trap).
 */

/** ClipboardShortcut is what a key chord asks of the clipboard. */
export type ClipboardShortcut = 'copy' | 'paste';

/** KeyChord is the part of a KeyboardEvent the decision depends on. */
export interface KeyChord {
  type: string;
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/**
 * clipboardShortcut returns the clipboard action of a keydown, or undefined for every other key. The
 * letter is read from `key` (the character the layout produces) and, failing that, from `code`: C and V
 * sit at the same place on AZERTY and QWERTY, so either identifies them.
 */
export function clipboardShortcut(e: KeyChord): ClipboardShortcut | undefined {
  if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return undefined;
  const letter = e.key.length === 1 ? e.key.toLowerCase() : '';
  if (letter === 'c' || (letter === '' && e.code === 'KeyC')) return 'copy';
  if (letter === 'v' || (letter === '' && e.code === 'KeyV')) return 'paste';
  return undefined;
}

/**
 * pasteText prepares clipboard text for the terminal: line endings become Enter (`\r`), as a terminal
 * paste does, and a trailing line break is kept so a copied command line runs just like in a terminal.
 */
export function pasteText(text: string): string {
  return text.replace(/\r\n?|\n/g, '\r');
}

/** isLeaveTerminalKey tells whether a keydown asks to move the focus out of the terminal (F6, no modifier). */
export function isLeaveTerminalKey(e: KeyChord): boolean {
  return e.type === 'keydown' && e.key === 'F6' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey;
}
