/**
 * Reading the lessons as data for content checks: frontmatter and fenced code blocks of every MDX file
 * under content/fr/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const CONTENT_DIR = path.resolve(import.meta.dirname, '../../content/fr');

export interface CodeBlock {
  lang: string;
  /** The text after the language on the fence line (e.g. `title="extrait"`). */
  meta: string;
  code: string;
  line: number;
}

export interface Lesson {
  /** `<chapter>/<lesson>` as in the page URL /cours/<id>/. */
  id: string;
  file: string;
  frontmatter: Record<string, unknown>;
  body: string;
  blocks: CodeBlock[];
}

export function readLessons(dir = CONTENT_DIR): Lesson[] {
  const lessons: Lesson[] = [];
  for (const chapter of fs.readdirSync(dir).sort()) {
    const chapterDir = path.join(dir, chapter);
    if (!fs.statSync(chapterDir).isDirectory()) continue;
    for (const file of fs.readdirSync(chapterDir).sort()) {
      if (!file.endsWith('.mdx')) continue;
      const full = path.join(chapterDir, file);
      const text = fs.readFileSync(full, 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
      if (!match) throw new Error(`${full}: no frontmatter`);
      const body = text.slice(match[0].length);
      const bodyLine = match[0].split('\n').length;
      lessons.push({
        id: `${chapter}/${file.replace(/\.mdx$/, '')}`,
        file: full,
        frontmatter: parse(match[1]) as Record<string, unknown>,
        body,
        blocks: codeBlocks(body, bodyLine),
      });
    }
  }
  return lessons;
}

/** codeBlocks extracts fenced blocks (``` only, as the lessons use). */
export function codeBlocks(markdown: string, firstLine = 1): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open || open[1] === '') continue;
    const start = i;
    const code: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) code.push(lines[i]);
    blocks.push({ lang: open[1], meta: open[2], code: code.join('\n'), line: firstLine + start });
  }
  return blocks;
}
