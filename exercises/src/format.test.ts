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

  it('names the file and each problem in French', () => {
    const root = tree({ '04-pods/x/exercise.yaml': 'title: X\nminutes: -1\n' });
    expect(() => loadExercises(root)).toThrow(ExerciseFormatError);
    expect(() => loadExercises(root)).toThrow(/exercise\.yaml\) :\n {2}- title : /);
  });
});
