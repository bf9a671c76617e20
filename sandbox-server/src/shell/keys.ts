// Terminal input decoding: the characters and escape sequences an xterm sends, as editing keys.
// It works on characters, never on key codes, so any keyboard layout (AZERTY included) types what it shows.

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';
export const BRACKETED_PASTE_ON = '\x1b[?2004h';
export const BRACKETED_PASTE_OFF = '\x1b[?2004l';

export type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'up'
  | 'down'
  | 'wordLeft'
  | 'wordRight'
  | 'killEnd'
  | 'killStart'
  | 'killWord'
  | 'killWordForward'
  | 'yank'
  | 'clear'
  | 'interrupt'
  | 'eof'
  | 'tab'
  | 'search'
  | 'cancel'
  | 'escape'
  | 'ignore';

export type Key = { type: 'text'; text: string } | { type: 'paste'; text: string } | { type: KeyName };

const CONTROL_KEYS: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x0b': 'killEnd',
  '\x15': 'killStart',
  '\x17': 'killWord',
  '\x19': 'yank',
  '\x0c': 'clear',
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\t': 'tab',
  '\x12': 'search',
  '\x10': 'up',
  '\x0e': 'down',
  '\x07': 'cancel',
};

const ESCAPES: Record<string, KeyName> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  '[H': 'home',
  '[F': 'end',
  OH: 'home',
  OF: 'end',
  '[1~': 'home',
  '[4~': 'end',
  '[7~': 'home',
  '[8~': 'end',
  '[3~': 'delete',
  '[1;5C': 'wordRight',
  '[1;5D': 'wordLeft',
  '[1;3C': 'wordRight',
  '[1;3D': 'wordLeft',
  b: 'wordLeft',
  f: 'wordRight',
  d: 'killWordForward',
  '\x7f': 'killWord',
};

/**
 * parseKeys splits terminal input into keys. An incomplete escape sequence at the end is returned as `rest`
 * so the next chunk completes it; bracketed paste content comes as one `paste` key.
 */
export function parseKeys(data: string): { keys: Key[]; rest: string } {
  const keys: Key[] = [];
  let i = 0;
  let text = '';
  const flush = (): void => {
    if (text !== '') keys.push({ type: 'text', text });
    text = '';
  };
  while (i < data.length) {
    const ch = data[i];
    if (ch === '\x1b') {
      flush();
      if (data.startsWith(PASTE_START, i)) {
        const end = data.indexOf(PASTE_END, i + PASTE_START.length);
        if (end < 0) return { keys, rest: data.slice(i) };
        keys.push({ type: 'paste', text: data.slice(i + PASTE_START.length, end) });
        i = end + PASTE_END.length;
        continue;
      }
      // eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC (\x1b)
      const match = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z]|[^[O])/.exec(data.slice(i));
      if (!match) {
        // A lone ESC at the very end may be the start of a sequence split across chunks.
        // eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC (\x1b)
        if (i + 1 >= data.length || /^\x1b(\[[0-9;]*|O)$/.test(data.slice(i)))
          return { keys, rest: data.slice(i) };
        keys.push({ type: 'escape' });
        i += 1;
        continue;
      }
      keys.push({ type: ESCAPES[match[1]] ?? 'ignore' });
      i += match[0].length;
      continue;
    }
    const control = CONTROL_KEYS[ch];
    if (control) {
      flush();
      keys.push({ type: control });
      // \r\n from a paste or a terminal in CRLF mode is one Enter.
      if (ch === '\r' && data[i + 1] === '\n') i += 1;
    } else if (ch >= ' ') {
      text += ch;
    }
    i += 1;
  }
  flush();
  return { keys, rest: '' };
}

/** keyToText turns a key back into the characters that produce it (to re-queue typed-ahead keys). */
export function keyToText(key: Key): string {
  if (key.type === 'text') return key.text;
  if (key.type === 'paste') return `${PASTE_START}${key.text}${PASTE_END}`;
  const control = Object.entries(CONTROL_KEYS).find(([, type]) => type === key.type);
  if (control) return control[0];
  const escape = Object.entries(ESCAPES).find(([, type]) => type === key.type);
  return escape ? `\x1b${escape[0]}` : '';
}
