/**
 * The exercise format: one folder per exercise, `exercises/<chapter>/<slug>/exercise.yaml` (French texts)
 * beside its starting state, solution and grader. See exercises/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';

/** exerciseSchema validates exercise.yaml. Texts are French (learners read them). */
export const exerciseSchema = z.object({
  title: z.string().min(3),
  statement: z.string().min(10),
  objectives: z.array(z.string().min(3)).min(1),
  minutes: z.number().int().positive(),
  level: z.enum(['guidé', 'intermédiaire', 'ouvert', 'dépannage']),
  hints: z.array(z.string().min(3)).min(1),
  /**
   * Container runtime the exercise needs (`docker` for real containers: a network lab, an image's real
   * behaviour; `kubernetes` for pods of the platform's host cluster); starting the exercise resets the
   * sandbox on it. Absent: the sandbox keeps its own.
   */
  runtime: z.enum(['simulated', 'docker', 'kubernetes']).optional(),
  /**
   * Seconds the course test waits for the cluster to settle after each step (default 15); raise it for
   * controllers that work on a period even at `speed: 0` (the HPA syncs every 15 s).
   */
  settleSeconds: z.number().int().positive().max(100).default(15),
  /** Ids of the grader's checks that must fail on the untouched starting state (course test). */
  expectedFailingAtStart: z.array(z.string().min(1)).default([]),
  /** Common mistakes, one folder `mistakes/<name>/` each: the checks they fail and a message excerpt. */
  mistakes: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z0-9-]+$/, 'nom en kebab-case'),
        description: z.string().min(3),
        failing: z.array(z.string().min(1)).min(1),
        /** A piece of the French message the first failing check must show. */
        messageContains: z.string().min(1).optional(),
      }),
    )
    .default([]),
});

export type ExerciseSpec = z.infer<typeof exerciseSchema>;

/** Manifest is one Kubernetes object of a YAML file (validated: apiVersion, kind, metadata.name). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * ManifestStep is one object to apply, or to delete when it comes from a `*.delete.yaml` file (what
 * `kubectl delete -f` would remove: only apiVersion, kind and metadata.name/namespace are read).
 */
export interface ManifestStep {
  action: 'apply' | 'delete';
  manifest: Manifest;
  /** File it comes from, relative to the exercise folder (for messages). */
  file: string;
}

/** Mistake is one entry of `mistakes` with its steps from `mistakes/<name>/*.yaml`. */
export type Mistake = ExerciseSpec['mistakes'][number] & { steps: ManifestStep[] };

/** Exercise is a loaded exercise: its id is `<chapter>/<slug>`. */
export interface Exercise extends Omit<ExerciseSpec, 'mistakes'> {
  id: string;
  chapter: string;
  dir: string;
  /** start/*.yaml, applied in file order when the exercise starts. */
  start: ManifestStep[];
  /** solution/*.yaml, the reference solution applied on top of the starting state. */
  solution: ManifestStep[];
  /** solution/commands.sh, when the reference solution is (also) a list of kubectl commands. */
  solutionCommands?: string;
  /** Absolute path of grader.ts, when the exercise has one. */
  graderFile?: string;
  mistakes: Mistake[];
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
  const problems: string[] = [];
  const start = readSteps(dir, 'start', problems);
  const solution = readSteps(dir, 'solution', problems);
  const mistakes = parsed.data.mistakes.map((m) => {
    const rel = path.join('mistakes', m.name);
    if (!fs.existsSync(path.join(dir, rel))) problems.push(`${rel} : dossier absent`);
    return { ...m, steps: readSteps(dir, rel, problems) };
  });
  const commands = path.join(dir, 'solution', 'commands.sh');
  const graderFile = path.join(dir, 'grader.ts');
  if (problems.length > 0) throw new ExerciseFormatError(dir, problems);
  return {
    ...parsed.data,
    id: `${chapter}/${path.basename(dir)}`,
    chapter,
    dir,
    start,
    solution,
    ...(fs.existsSync(commands) ? { solutionCommands: fs.readFileSync(commands, 'utf8') } : {}),
    ...(fs.existsSync(graderFile) ? { graderFile } : {}),
    mistakes,
  };
}

/**
 * readSteps reads the manifests of `<dir>/<sub>/*.yaml` (files sorted by name, multi-document files allowed,
 * empty documents skipped; `*.delete.yaml` files list objects to delete); a missing folder has none.
 * Problems are appended in French.
 */
export function readSteps(dir: string, sub: string, problems: string[]): ManifestStep[] {
  const folder = path.join(dir, sub);
  if (!fs.existsSync(folder)) return [];
  const out: ManifestStep[] = [];
  const files = fs
    .readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const file of files) {
    const rel = path.join(sub, file);
    const action = /\.delete\.ya?ml$/.test(file) ? 'delete' : 'apply';
    for (const [i, doc] of parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf8')).entries()) {
      if (doc.errors.length > 0) {
        problems.push(`${rel} (document ${i + 1}) : ${doc.errors[0]!.message}`);
        continue;
      }
      const value = doc.toJS() as Partial<Manifest> | null;
      if (value === null || value === undefined) continue;
      if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !value.metadata?.name) {
        problems.push(`${rel} (document ${i + 1}) : apiVersion, kind et metadata.name sont obligatoires`);
        continue;
      }
      out.push({ action, manifest: value as Manifest, file: rel });
    }
  }
  return out;
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
