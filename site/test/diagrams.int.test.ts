/**
 * Lesson diagrams (site/components/diagrams): each is an accessible SVG (role="img" labelled by its own
 * <title> and <desc>), draws only with the theme's CSS classes (no hard-coded colour, so it follows light and
 * dark modes), and is used by at least one lesson.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLessons } from './lessons';

const DIR = path.resolve(import.meta.dirname, '../components/diagrams');
const components = fs.readdirSync(DIR).filter((f) => f.endsWith('.astro'));
const lessons = readLessons();

describe('lesson diagrams', () => {
  it('exist', () => {
    expect(components.length).toBeGreaterThanOrEqual(5);
  });

  it.each(components)('%s is accessible, theme-aware and used by a lesson', (file) => {
    const source = fs.readFileSync(path.join(DIR, file), 'utf8');
    const labelled = /<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"/.exec(source);
    expect(labelled, 'the <svg> needs role="img" and aria-labelledby').not.toBeNull();
    const ids = labelled![1]!.split(/\s+/);
    expect(ids).toHaveLength(2);
    expect(source).toContain(`<title id="${ids[0]}">`);
    expect(source).toContain(`<desc id="${ids[1]}">`);
    expect(source).toMatch(/<figcaption>/);
    expect(source, 'colours come from the theme classes').not.toMatch(/(fill|stroke)="#|(fill|stroke):\s*#/);
    const name = file.replace(/\.astro$/, '');
    const users = lessons.filter(
      (l) => l.body.includes(`<${name} />`) && l.body.includes(`/diagrams/${file}'`),
    );
    expect(
      users.map((l) => l.id),
      `${name} is used by no lesson`,
    ).not.toEqual([]);
  });
});
