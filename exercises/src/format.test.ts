import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExerciseFormatError, loadExercises } from './format';

const roots: string[] = [];
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'exercises-'));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

const valid = `title: Premier Pod
statement: Créez un Pod nommé web avec l'image nginx.
objectives: [Créer un Pod]
minutes: 5
level: guidé
hints: [Utilisez kubectl run.]
`;

describe('loadExercises', () => {
  it('loads every exercise folder sorted by id', () => {
    const root = tree({
      '04-pods/b-logs/exercise.yaml': valid,
      '04-pods/a-premier-pod/exercise.yaml': valid,
    });
    expect(loadExercises(root).map((e) => e.id)).toEqual(['04-pods/a-premier-pod', '04-pods/b-logs']);
  });

  it('reads the runtime an exercise needs, and refuses an unknown one', () => {
    const root = tree({
      '09-reseau/a/exercise.yaml': `${valid}runtime: docker\n`,
      '09-reseau/b/exercise.yaml': valid,
    });
    expect(loadExercises(root).map((e) => [e.id, e.runtime])).toEqual([
      ['09-reseau/a', 'docker'],
      ['09-reseau/b', undefined],
    ]);
    const bad = tree({ '09-reseau/c/exercise.yaml': `${valid}runtime: podman\n` });
    expect(() => loadExercises(bad)).toThrow(/runtime : /);
  });

  it('names the file and each problem in French', () => {
    const root = tree({ '04-pods/x/exercise.yaml': 'title: X\nminutes: -1\n' });
    expect(() => loadExercises(root)).toThrow(ExerciseFormatError);
    expect(() => loadExercises(root)).toThrow(/exercise\.yaml\) :\n {2}- title : /);
  });
});

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;
const withMistake = `${valid}expectedFailingAtStart: [pret]
mistakes:
  - name: mauvaise-image
    description: Une autre image.
    failing: [image]
    messageContains: nginx:1.25
`;

describe('exercise folders', () => {
  it('reads start, solution (apply and delete), commands, grader and mistakes', () => {
    const root = tree({
      '04-pods/x/exercise.yaml': withMistake,
      '04-pods/x/start/02-b.yaml': pod('b'),
      '04-pods/x/start/01-a.yaml': `${pod('a')}---\n---\n${pod('a2')}`,
      '04-pods/x/solution/pod.yaml': pod('web'),
      '04-pods/x/solution/old.delete.yaml': pod('a'),
      '04-pods/x/solution/commands.sh': 'kubectl run web --image=nginx:1.25\n',
      '04-pods/x/grader.ts': 'export {};\n',
      '04-pods/x/mistakes/mauvaise-image/pod.yaml': pod('web'),
    });
    const [exercise] = loadExercises(root);
    expect(exercise!.start.map((s) => [s.file, s.manifest.metadata.name])).toEqual([
      ['start/01-a.yaml', 'a'],
      ['start/01-a.yaml', 'a2'],
      ['start/02-b.yaml', 'b'],
    ]);
    expect(exercise!.solution.map((s) => [s.action, s.manifest.metadata.name])).toEqual([
      ['delete', 'a'],
      ['apply', 'web'],
    ]);
    expect(exercise!.solutionCommands).toContain('kubectl run web');
    expect(exercise!.graderFile).toBe(path.join(root, '04-pods/x/grader.ts'));
    expect(exercise!.expectedFailingAtStart).toEqual(['pret']);
    expect(exercise!.mistakes[0]).toMatchObject({ name: 'mauvaise-image', failing: ['image'] });
    expect(exercise!.mistakes[0]!.steps).toHaveLength(1);
  });

  it.each<{ name: string; files: Record<string, string>; problem: string }>([
    {
      name: 'a manifest without a name',
      files: { '04-pods/x/exercise.yaml': valid, '04-pods/x/start/a.yaml': 'apiVersion: v1\nkind: Pod\n' },
      problem: 'start/a.yaml (document 1) : apiVersion, kind et metadata.name sont obligatoires',
    },
    {
      name: 'invalid YAML',
      files: { '04-pods/x/exercise.yaml': valid, '04-pods/x/solution/a.yaml': 'a: [\n' },
      problem: 'solution/a.yaml (document 1) :',
    },
    {
      name: 'a missing mistake folder',
      files: { '04-pods/x/exercise.yaml': withMistake },
      problem: 'mistakes/mauvaise-image : dossier absent',
    },
  ])('reports $name', ({ files, problem }) => {
    expect(() => loadExercises(tree(files))).toThrow(problem);
  });
});
