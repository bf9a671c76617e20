// Tab completion: command names in command position, file names elsewhere, kubectl through the injected completer.
import { HOME, resolvePath } from './fs';
import type { VirtualFs } from './fs';
import type { CompletionResult } from './line-editor';
import type { CompleteFunction } from './types';

/** CompletionSources is what completion reads from the session. */
export interface CompletionSources {
  commandNames(): string[];
  aliases: ReadonlyMap<string, string>;
  fs: VirtualFs;
  cwd(): string;
  kubectl?: CompleteFunction;
}

interface Segment {
  words: string[];
  /** character index (in code points) where the last word starts */
  start: number;
}

/** splitCommandLine finds the words of the last simple command before the cursor (quotes and `\ ` kept in a word). */
export function splitCommandLine(text: string): Segment {
  const chars = [...text];
  let words: string[] = [];
  let current = '';
  let start = 0;
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < chars.length) {
      if (!inWord) start = i;
      inWord = true;
      current += chars[i + 1];
      i += 1;
    } else if (ch === "'" || ch === '"') {
      if (!inWord) start = i;
      inWord = true;
      quote = ch;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if ('|;&()'.includes(ch)) {
      // A new command starts after an operator.
      words = [];
      current = '';
      inWord = false;
    } else {
      if (!inWord) start = i;
      inWord = true;
      current += ch;
    }
  }
  words.push(current);
  if (!inWord) start = chars.length;
  return { words, start };
}

function escapeWord(word: string): string {
  return word.replace(/([\s'"\\$`&|;()<>*?[\]])/g, '\\$1');
}

/** completeFiles lists the entries matching a partial path; directories end with `/`. */
export function completeFiles(
  fs: VirtualFs,
  cwd: string,
  partial: string,
  directoriesOnly = false,
): string[] {
  const slash = partial.lastIndexOf('/');
  const dirPart = slash >= 0 ? partial.slice(0, slash + 1) : '';
  const prefix = partial.slice(slash + 1);
  const expanded = dirPart.startsWith('~/') ? HOME + dirPart.slice(1) : dirPart;
  const dir = resolvePath(cwd, expanded === '' ? '.' : expanded);
  if (!fs.isDir(dir)) return [];
  return fs
    .readDir(dir)
    .filter((name) => name.startsWith(prefix) && (prefix.startsWith('.') || !name.startsWith('.')))
    .map((name) => ({ name, isDir: fs.isDir(resolvePath(dir, name)) }))
    .filter((entry) => !directoriesOnly || entry.isDir)
    .map((entry) => `${dirPart}${entry.name}${entry.isDir ? '/' : ''}`);
}

/**
 * completeLine computes the candidates for the word before the cursor. Candidates are returned escaped for
 * the shell (`my\ file`); the line editor inserts the single match or the common prefix.
 */
export async function completeLine(
  textBeforeCursor: string,
  sources: CompletionSources,
): Promise<CompletionResult> {
  const { words, start } = splitCommandLine(textBeforeCursor);
  const index = words.length - 1;
  const partial = words[index];
  const escaped = (list: string[]): string[] => list.map(escapeWord);
  if (index === 0 && !partial.includes('/')) {
    const names = [...sources.commandNames(), ...sources.aliases.keys()];
    return { start, candidates: names.filter((name) => name.startsWith(partial)) };
  }
  const command = sources.aliases.get(words[0])?.split(/\s+/)[0] ?? words[0];
  if (index > 0 && command === 'kubectl' && sources.kubectl) {
    const previous = words[index - 1];
    if (previous !== '-f' && previous !== '--filename' && !partial.startsWith('--filename=')) {
      const kubectlWords = ['kubectl', ...words.slice(1)];
      const candidates = await sources.kubectl(kubectlWords, index);
      return { start, candidates: candidates.filter((c) => c.startsWith(partial)) };
    }
  }
  return { start, candidates: escaped(completeFiles(sources.fs, sources.cwd(), partial, command === 'cd')) };
}
