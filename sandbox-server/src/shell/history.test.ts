import { describe, expect, it } from 'vitest';
import { HOME, VirtualFs } from './fs';
import { HISTORY_FILE, History } from './history';

describe('History', () => {
  it('skips blank, space-prefixed and repeated lines, like HISTCONTROL=ignoreboth', () => {
    const history = new History(new VirtualFs(), 10);
    for (const line of ['ls', 'ls', ' secret', '', 'pwd\n', 'ls']) history.add(line);
    expect(history.list()).toEqual(['ls', 'pwd', 'ls']);
  });

  it('keeps the last entries in ~/.bash_history and reloads them', () => {
    const fs = new VirtualFs();
    const history = new History(fs, 3);
    for (const line of ['a', 'b', 'c', 'd']) history.add(line);
    expect(fs.readFile(HISTORY_FILE)).toBe('b\nc\nd\n');
    expect(new History(fs, 3).list()).toEqual(['b', 'c', 'd']);
    history.clear();
    expect(fs.readFile(HISTORY_FILE)).toBe('');
  });

  it('survives a missing home directory', () => {
    const fs = new VirtualFs();
    fs.remove(HOME, { recursive: true });
    const history = new History(fs, 3);
    history.add('ls');
    expect(history.list()).toEqual(['ls']);
  });
});
