// Command history, persisted in the learner's virtual ~/.bash_history.
import { HOME } from './fs';
import type { VirtualFs } from './fs';

/** HISTORY_FILE is where the history is kept, like bash. */
export const HISTORY_FILE = `${HOME}/.bash_history`;

/**
 * History holds entered command lines, oldest first. Like Debian's bash (HISTCONTROL=ignoreboth) it skips
 * lines starting with a space and repeats of the previous line. Every change is written to ~/.bash_history;
 * a file system error (full disk) only loses persistence, never the session.
 */
export class History {
  private entries: string[];

  constructor(
    private readonly fs: VirtualFs,
    private readonly max: number,
  ) {
    let text = '';
    try {
      if (fs.isFile(HISTORY_FILE)) text = fs.readFile(HISTORY_FILE);
    } catch {
      text = '';
    }
    this.entries = text
      .split('\n')
      .filter((line) => line !== '')
      .slice(-max);
  }

  list(): string[] {
    return [...this.entries];
  }

  get length(): number {
    return this.entries.length;
  }

  at(index: number): string | undefined {
    return this.entries[index];
  }

  add(line: string): void {
    const entry = line.replace(/\n+$/, '');
    if (entry.trim() === '' || entry.startsWith(' ') || entry === this.entries[this.entries.length - 1])
      return;
    this.entries.push(entry);
    if (this.entries.length > this.max) {
      this.entries = this.entries.slice(-this.max);
      this.save();
      return;
    }
    this.persist(`${entry}\n`, true);
  }

  clear(): void {
    this.entries = [];
    this.save();
  }

  private save(): void {
    this.persist(this.entries.map((entry) => `${entry}\n`).join(''), false);
  }

  private persist(text: string, append: boolean): void {
    try {
      this.fs.writeFile(HISTORY_FILE, text, { append });
    } catch {
      // Persistence is best effort: the in-memory history still works when the home directory is gone or full.
    }
  }
}
