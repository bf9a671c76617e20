/**
 * The exercise format: one folder per exercise, `exercises/<chapter>/<slug>/exercise.yaml` (French texts)
 * beside its starting state, solution and grader. See exercises/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** exerciseSchema validates exercise.yaml. Texts are French (learners read them). */
export const exerciseSchema = z.object({
  title: z.string().min(3),
  statement: z.string().min(10),
  objectives: z.array(z.string().min(3)).min(1),
  minutes: z.number().int().positive(),
  level: z.enum(['guidé', 'intermédiaire', 'ouvert', 'dépannage']),
  hints: z.array(z.string().min(3)).min(1),
});

export type ExerciseSpec = z.infer<typeof exerciseSchema>;

/** Exercise is a loaded exercise: its id is `<chapter>/<slug>`. */
export interface Exercise extends ExerciseSpec {
  id: string;
  chapter: string;
  dir: string;
}

/** ExerciseFormatError names the file and each problem, in French for instructors writing exercises. */
export class ExerciseFormatError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Exercice invalide (${file}) :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ExerciseFormatError';
  }
}

/** loadExercise reads and validates one exercise folder. */
export function loadExercise(dir: string, chapter: string): Exercise {
  const file = path.join(dir, 'exercise.yaml');
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ExerciseFormatError(file, [`lecture impossible : ${(err as Error).message}`]);
  }
  const parsed = exerciseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ExerciseFormatError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(racine)'} : ${i.message}`),
    );
  }
  return { ...parsed.data, id: `${chapter}/${path.basename(dir)}`, chapter, dir };
}

/** loadExercises finds every `<chapter>/<slug>/exercise.yaml` under root, sorted by id. */
export function loadExercises(root: string): Exercise[] {
  const out: Exercise[] = [];
  for (const chapter of fs.readdirSync(root, { withFileTypes: true })) {
    if (!chapter.isDirectory() || chapter.name === 'src' || chapter.name === 'node_modules') continue;
    const chapterDir = path.join(root, chapter.name);
    for (const slug of fs.readdirSync(chapterDir, { withFileTypes: true })) {
      const dir = path.join(chapterDir, slug.name);
      if (slug.isDirectory() && fs.existsSync(path.join(dir, 'exercise.yaml'))) {
        out.push(loadExercise(dir, chapter.name));
      }
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
