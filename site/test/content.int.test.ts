/**
 * Content checks: every chapter of the course is present, quizzes are well formed, internal links resolve,
 * and every complete YAML manifest of the lessons parses and passes the API server's dry-run on a real
 * in-process mini-k8s cluster (the cluster learners practise on).
 */
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { findKind, RESOURCES } from '../../mini-k8s/src/api/resources';
import type { ApiClient } from '../../mini-k8s/src/client/client';
import { type ControlPlane, createControlPlane } from '../../mini-k8s/src/cmd/control-plane';
import { isAlreadyExists } from '../../mini-k8s/src/machinery/errors';
import { MemoryStorage } from '../../mini-k8s/src/storage/memory/store';
import { readLessons } from './lessons';

const lessons = readLessons();

/** The course outline: one chapter per part of the slides. */
const CHAPTERS = [
  '00-introduction',
  '01-architecture',
  '02-namespaces',
  '03-serveur-api',
  '04-pods',
  '05-controleurs',
  '06-labels-selecteurs',
  '07-services',
  '08-ordonnancement',
  '09-reseau',
  '10-stockage',
  '11-securite',
  '12-supervision',
];

describe('course outline', () => {
  it('has every chapter of the slides, each with lessons', () => {
    const chapters = [...new Set(lessons.map((l) => l.id.split('/')[0]))];
    expect(chapters).toEqual(CHAPTERS);
  });

  it.each(lessons.map((l) => [l.id, l] as const))(
    '%s has a consistent frontmatter and quiz',
    (_id, lesson) => {
      const fm = lesson.frontmatter;
      expect(fm.chapter).toBe(lesson.id.split('/')[0]);
      expect(fm.chapterOrder).toBe(Number(lesson.id.slice(0, 2)));
      expect(fm.order).toBe(Number(lesson.id.split('/')[1].slice(0, 2)));
      for (const q of (fm.quiz ?? []) as { choices: string[]; answer: number }[]) {
        expect(q.answer).toBeGreaterThanOrEqual(0);
        expect(q.answer).toBeLessThan(q.choices.length);
      }
    },
  );

  it('links only to lessons that exist', () => {
    const ids = new Set(lessons.map((l) => l.id));
    const broken: string[] = [];
    for (const lesson of lessons) {
      for (const m of lesson.body.matchAll(/\]\((\/cours\/[^)#\s]+)/g)) {
        const target = m[1].replace(/^\/cours\//, '').replace(/\/$/, '');
        if (!ids.has(target)) broken.push(`${lesson.id} → ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

interface Manifest {
  where: string;
  object: KubeObject;
}

function manifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const lesson of lessons) {
    for (const block of lesson.blocks) {
      if (block.lang !== 'yaml' || /extrait/.test(block.meta)) continue;
      for (const doc of parseAllDocuments(block.code)) {
        const where = `${lesson.id}.mdx:${block.line}`;
        if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0].message}`);
        const object = doc.toJS() as KubeObject | null;
        if (object) out.push({ where, object });
      }
    }
  }
  return out;
}

describe('lesson manifests on a real cluster (dry-run)', () => {
  let controlPlane: ControlPlane;
  let client: ApiClient;
  const all = manifests();

  beforeAll(async () => {
    controlPlane = await createControlPlane({ storage: new MemoryStorage(), adminToken: 'content-test' });
    client = controlPlane.client;
    // Namespaces the manifests live in must exist for a dry-run create to be judged on its own merits.
    const namespaces = new Set(all.map((m) => m.object.metadata?.namespace).filter((n): n is string => !!n));
    for (const m of all) if (m.object.kind === 'Namespace') namespaces.add(m.object.metadata.name!);
    const nsRef = findKind('', 'v1', 'Namespace')!;
    for (const name of namespaces) {
      try {
        await client.create(nsRef, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
    // Likewise the ServiceAccounts pods name (the lessons create them with `kubectl create serviceaccount`):
    // the ServiceAccount admission plugin refuses a pod whose account does not exist, as upstream does.
    const saRef = findKind('', 'v1', 'ServiceAccount')!;
    for (const m of all) {
      const spec = (
        m.object as {
          spec?: { serviceAccountName?: string; template?: { spec?: { serviceAccountName?: string } } };
        }
      ).spec;
      const account = spec?.serviceAccountName ?? spec?.template?.spec?.serviceAccountName;
      if (!account) continue;
      const namespace = m.object.metadata?.namespace ?? 'default';
      try {
        await client.create(saRef, namespace, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: account },
        });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  });
  afterAll(async () => {
    await controlPlane?.close();
  });

  it('finds complete manifests in the lessons', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((m) => [m.where, m.object.kind, m.object.metadata?.name, m] as const))(
    '%s %s/%s passes the API server dry-run',
    async (_where, _kind, _name, manifest) => {
      const [group, version] = manifest.object.apiVersion.includes('/')
        ? manifest.object.apiVersion.split('/')
        : ['', manifest.object.apiVersion];
      const info = findKind(group, version, manifest.object.kind);
      expect(info, `${manifest.object.apiVersion} ${manifest.object.kind} is served`).toBeDefined();
      expect(RESOURCES).toContain(info);
      const namespace = info!.namespaced ? (manifest.object.metadata.namespace ?? 'default') : undefined;
      const created = await client.create(info!, namespace, manifest.object, { dryRun: true });
      expect(created.metadata.name ?? created.metadata.generateName).toBeTruthy();
    },
  );
});
