import { describe, expect, it } from 'vitest';
import { manifestProblems } from './manifest-check';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n';

describe('manifestProblems', () => {
  it.each([
    ['a valid Pod', POD],
    ['two valid documents', `${POD}---\n${POD}`],
    ['an empty document between objects', `${POD}---\n---\n${POD}`],
    ['generateName instead of name', 'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\n'],
    ['a List without metadata', 'apiVersion: v1\nkind: List\nitems: []\n'],
  ])('accepts %s', (_name, text) => {
    expect(manifestProblems(text)).toEqual([]);
  });

  it.each([
    ['no kind', 'apiVersion: v1\nmetadata:\n  name: web\n', ['Champ obligatoire manquant : kind.']],
    [
      'no apiVersion nor name',
      'kind: Pod\n',
      ['Champ obligatoire manquant : apiVersion.', 'Champ obligatoire manquant : metadata.name.'],
    ],
    ['a scalar document', 'bonjour\n', ['Un objet Kubernetes doit être une table clé: valeur.']],
    [
      'a second document without name',
      `${POD}---\napiVersion: v1\nkind: Pod\n`,
      ['Champ obligatoire manquant : metadata.name.'],
    ],
  ])('reports %s', (_name, text, messages) => {
    expect(manifestProblems(text).map((p) => p.message)).toEqual(messages);
  });

  it('reports syntax errors with their position, and only them, for a broken document', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web\n';
    const problems = manifestProblems(text);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.severity).toBe('error');
      expect(p.message).toMatch(/^YAML invalide : /);
      expect(p.from).toBeGreaterThanOrEqual(0);
      expect(p.to).toBeLessThanOrEqual(text.length);
    }
  });

  it('locates a missing field on its own document', () => {
    const second = 'apiVersion: v1\nkind: Pod\n';
    const text = `${POD}---\n${second}`;
    const [problem] = manifestProblems(text);
    expect(problem?.from).toBe(text.lastIndexOf(second));
  });
});
