/**
 * The lessons cover the slides: every item of the checklist derived from the slides' headings
 * (slides-checklist.ts) points at an existing lesson section. When the slides are available (the course
 * source folder, COURSE_SOURCE or /work/shared/course-source), the checklist must also list every heading
 * they have, so a new slide cannot go uncovered silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLessons } from './lessons';
import { CHECKLIST, SLIDES_WITHOUT_LESSON } from './slides-checklist';

const SLIDES = path.join(
  process.env.COURSE_SOURCE ?? '/work/shared/course-source',
  'slides-kubernetes-fr.txt',
);

/** normalize compares headings without backticks, typographic apostrophes, case or spacing. */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[’‘]/g, "'")
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** sectionsOf lists the `##` and `###` headings of a lesson body, outside code fences. */
function sectionsOf(body: string): string[] {
  let fenced = false;
  const out: string[] = [];
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{2,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) out.push(normalize(m[1]!));
  }
  return out;
}

/**
 * slideHeadings finds the slides' headings in the text export: a short line, alone between blank lines (or
 * directly followed by a bullet list), that is neither a bullet, nor bold text, nor inside a code block.
 */
export function slideHeadings(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line.trim().startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (fenced || line.trim() === '' || line.length > 70) continue;
    if (/^\s*-/.test(line) || line.startsWith('**') || /^\s/.test(line)) continue;
    const before = (lines[i - 1] ?? '').trim();
    const after = lines[i + 1] ?? '';
    if (before !== '' || !(after.trim() === '' || /^\s*-/.test(after))) continue;
    out.push(line.trim());
  }
  return [...new Set(out)];
}

const lessons = readLessons();

describe('slides coverage', () => {
  it.each(CHECKLIST.map((item) => [`${item.slide} → ${item.topic}`, item] as const))('%s', (_name, item) => {
    const lesson = lessons.find((l) => l.id === item.lesson);
    expect(lesson, `lesson ${item.lesson} is missing`).toBeDefined();
    expect(sectionsOf(lesson!.body), `section « ${item.section} » is missing from ${item.lesson}`).toContain(
      normalize(item.section),
    );
  });

  it('has every lesson chapter covered by at least one slide topic', () => {
    const covered = new Set(CHECKLIST.map((i) => i.lesson.split('/')[0]));
    expect([...new Set(lessons.map((l) => l.id.split('/')[0]))].filter((c) => !covered.has(c))).toEqual([]);
  });

  it.skipIf(!fs.existsSync(SLIDES))('lists every heading of the slides', () => {
    const headings = slideHeadings(fs.readFileSync(SLIDES, 'utf8'));
    expect(headings.length).toBeGreaterThan(40);
    const known = new Set([...CHECKLIST.map((i) => i.slide), ...SLIDES_WITHOUT_LESSON]);
    expect(headings.filter((h) => !known.has(h))).toEqual([]);
    // And nothing in the checklist names a slide that no longer exists.
    expect([...new Set(CHECKLIST.map((i) => i.slide))].filter((s) => !headings.includes(s))).toEqual([]);
  });
});

describe('slideHeadings', () => {
  it('finds headings and skips bullets, bold lines and code', () => {
    const text = [
      '',
      'Services',
      '',
      '- **ClusterIP** - x',
      '',
      '```',
      'kind: Service',
      '',
      '```',
      '',
      'Pods',
      '- un',
      '',
    ].join('\n');
    expect(slideHeadings(text)).toEqual(['Services', 'Pods']);
  });
});
