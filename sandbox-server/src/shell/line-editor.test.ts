import { describe, expect, it } from 'vitest';
import { VirtualFs } from './fs';
import { History } from './history';
import { LineEditor } from './line-editor';
import { ScreenModel } from './screen-model';

describe('LineEditor', () => {
  function editor(cols: number) {
    const screen = new ScreenModel(cols, 10);
    const submitted: string[] = [];
    const editor = new LineEditor({
      write: (data) => screen.write(data),
      history: new History(new VirtualFs(), 100),
      onSubmit: (line) => submitted.push(line),
      onInterrupt: () => {},
      onEof: () => {},
      cols,
    });
    return { editor, screen, submitted };
  }

  it('wraps exactly at the terminal width and edits across rows', () => {
    const { editor: e, screen } = editor(10);
    e.start('$ ');
    e.input('12345678');
    expect(screen.lines().slice(0, 2)).toEqual(['$ 12345678', '']);
    expect([screen.row, screen.col]).toEqual([1, 0]);
    e.input('9\x01X');
    expect(screen.lines().slice(0, 2)).toEqual(['$ X1234567', '89']);
    expect([screen.row, screen.col]).toEqual([0, 3]);
    e.input('\x05\x7f\x7f\x7f');
    expect(screen.lines().slice(0, 2)).toEqual(['$ X123456', '']);
  });

  it('counts wide characters as two columns', () => {
    const { editor: e, screen } = editor(20);
    e.start('$ ');
    e.input('日本語\x1b[D\x1b[Dx');
    expect(screen.lines()[0]).toBe('$ 日x本語');
    expect(screen.col).toBe(5);
  });

  it('keeps keys typed after Enter for the next line', () => {
    const { editor: e, submitted } = editor(40);
    e.start('$ ');
    e.input('one\rtwo');
    expect(submitted).toEqual(['one']);
    expect(e.takeTypeahead()).toBe('two');
  });
});
