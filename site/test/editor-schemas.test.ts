/**
 * The editor's schema checks (site/lib/editor/schema-check.ts) on the asset the build publishes
 * (sandbox-server/src/manifests/editor-schemas.ts): every full manifest of the lessons passes without a
 * finding, and broken manifests get the French message and the exact range of the fault.
 */
import { describe, expect, it } from 'vitest';
import { buildEditorSchemas } from '../../sandbox-server/src/manifests/editor-schemas';
import type { KubernetesSchemas } from '../lib/editor/schema';
import { manifestProblems } from '../lib/manifest-check';
import { readLessons } from './lessons';

const schemas = buildEditorSchemas() as KubernetesSchemas;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 80
              protocol: TCP
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
            limits:
              memory: 128Mi
`;

/** problemsOf returns [message, text at fault] for each finding. */
function problemsOf(text: string): [string, string][] {
  return manifestProblems(text, schemas).map((p) => [p.message, text.slice(p.from, p.to)]);
}

describe('every full manifest of the lessons', () => {
  const blocks = readLessons().flatMap((lesson) =>
    lesson.blocks
      .filter((block) => block.lang === 'yaml' && !/extrait/.test(block.meta))
      .map((block) => [`${lesson.id}.mdx:${block.line}`, block.code] as const),
  );

  it('are many (the check below is not vacuous)', () => {
    expect(blocks.length).toBeGreaterThan(40);
  });

  it.each(blocks)('%s validates without a finding', (_where, code) => {
    expect(problemsOf(code)).toEqual([]);
  });
});

describe('every fragment of the lessons (blocks marked « extrait »)', () => {
  const fragments = readLessons().flatMap((lesson) =>
    lesson.blocks
      .filter((block) => block.lang === 'yaml' && /extrait/.test(block.meta))
      .map((block) => [`${lesson.id}.mdx:${block.line}`, block.code] as const),
  );

  it.each(fragments)('%s fits at least one kind the course uses', (_where, code) => {
    // A fragment has no apiVersion nor kind: it is valid when, completed into some served kind, it has no
    // unknown field, wrong type or bad value (required fields elsewhere in the object do not count).
    const fitting = Object.entries(schemas.kinds).flatMap(([apiVersion, kinds]) =>
      Object.keys(kinds).filter((kind) => {
        const text = `apiVersion: ${apiVersion}\nkind: ${kind}\n${/^metadata:/m.test(code) ? '' : 'metadata:\n  name: x\n'}${code}`;
        return manifestProblems(text, schemas).every((p) =>
          p.message.startsWith('Champ obligatoire manquant'),
        );
      }),
    );
    expect(fitting.length).toBeGreaterThan(0);
  });
});

describe('schema checks on broken manifests', () => {
  it('accepts a complete Deployment', () => {
    expect(problemsOf(DEPLOYMENT)).toEqual([]);
  });

  it('reports an unknown field with a suggestion, on the key', () => {
    expect(problemsOf(DEPLOYMENT.replace('  replicas: 3', '  replica: 3'))).toEqual([
      [
        'Champ inconnu « replica » dans spec (Deployment apps/v1). Vouliez-vous dire « replicas » ?',
        'replica',
      ],
    ]);
  });

  it('reports an unknown field deep in a list, with its path', () => {
    expect(problemsOf(DEPLOYMENT.replace('image: nginx', 'imagee: nginx'))).toEqual([
      [
        'Champ inconnu « imagee » dans spec.template.spec.containers[0] (Deployment apps/v1). Vouliez-vous dire « image » ?',
        'imagee',
      ],
    ]);
  });

  it('reports an unknown field at the root without a far-fetched suggestion', () => {
    expect(problemsOf(`${DEPLOYMENT}colour: blue\n`)).toEqual([
      ['Champ inconnu « colour » à la racine (Deployment apps/v1).', 'colour'],
    ]);
  });

  it.each([
    [
      'a quoted integer',
      '  replicas: 3',
      '  replicas: "3"',
      'spec.replicas attend un entier, pas une chaîne (Deployment apps/v1). Retirez les guillemets.',
      '"3"',
    ],
    [
      'a list for an object',
      '  selector:\n    matchLabels:\n      app: web\n',
      '  selector:\n    - app\n',
      'spec.selector attend un objet (LabelSelector), pas une liste (Deployment apps/v1).',
      '- app\n',
    ],
    [
      'an object for a list',
      '      containers:\n',
      '      containers:\n        first:\n',
      'spec.template.spec.containers attend une liste, pas un objet (Deployment apps/v1).',
      null,
    ],
    [
      'a number for a label value',
      '  labels:\n    app: web\nspec',
      '  labels:\n    app: web\n    version: 2\nspec',
      'metadata.labels.version attend une chaîne, pas un entier (Deployment apps/v1). Mettez la valeur entre guillemets : "2".',
      '2',
    ],
    [
      'a string for a boolean',
      '  replicas: 3',
      '  replicas: 3\n  paused: "non"',
      'spec.paused attend un booléen (true ou false), pas une chaîne (Deployment apps/v1).',
      '"non"',
    ],
  ])('reports %s on the value', (_name, from, to, message, fault) => {
    const problems = problemsOf(DEPLOYMENT.replace(from, to));
    expect(problems.map(([m]) => m)).toEqual([message]);
    if (fault !== null) expect(problems[0]![1].trim()).toBe(fault.trim());
  });

  it.each([
    [
      'imagePullPolicy',
      'imagePullPolicy: IfNotPresent',
      'imagePullPolicy: Allways',
      'Valeur « Allways » invalide pour spec.template.spec.containers[0].imagePullPolicy (Deployment apps/v1). Valeurs possibles : Always, IfNotPresent, Never. Vouliez-vous dire « Always » ?',
    ],
    [
      'protocol',
      'protocol: TCP',
      'protocol: tcp',
      'Valeur « tcp » invalide pour spec.template.spec.containers[0].ports[0].protocol (Deployment apps/v1). Valeurs possibles : SCTP, TCP, UDP. Vouliez-vous dire « TCP » ?',
    ],
  ])('reports a bad %s value', (_name, from, to, message) => {
    expect(problemsOf(DEPLOYMENT.replace(from, to)).map(([m]) => m)).toEqual([message]);
  });

  it('reports a bad restartPolicy and a bad Service type', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Sometimes\n  containers:\n    - name: c\n      image: busybox\n';
    expect(problemsOf(pod)[0]![0]).toBe(
      'Valeur « Sometimes » invalide pour spec.restartPolicy (Pod v1). Valeurs possibles : Always, Never, OnFailure.',
    );
    const service =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePorts\n  ports:\n    - port: 80\n      targetPort: http\n';
    expect(problemsOf(service)).toEqual([
      [
        'Valeur « NodePorts » invalide pour spec.type (Service v1). Valeurs possibles : ClusterIP, ExternalName, LoadBalancer, NodePort. Vouliez-vous dire « NodePort » ?',
        'NodePorts',
      ],
    ]);
  });

  it('accepts int-or-string both ways and rejects a boolean there', () => {
    const service = (target: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n      targetPort: ${target}\n`;
    expect(problemsOf(service('8080'))).toEqual([]);
    expect(problemsOf(service('http'))).toEqual([]);
    expect(problemsOf(service('true'))).toEqual([
      ['spec.ports[0].targetPort attend un entier ou une chaîne, pas un booléen (Service v1).', 'true'],
    ]);
  });

  it('checks resource quantities', () => {
    expect(problemsOf(DEPLOYMENT.replace('memory: 64Mi', 'memory: 64mb'))).toEqual([
      [
        '« 64mb » n’est pas une quantité valide pour spec.template.spec.containers[0].resources.requests.memory (exemples : 250m, 0.5, 128Mi, 1Gi).',
        '64mb',
      ],
    ]);
    expect(problemsOf(DEPLOYMENT.replace('cpu: 100m', 'cpu: 0.5'))).toEqual([]);
    expect(problemsOf(DEPLOYMENT.replace('cpu: 100m', 'cpu: 2'))).toEqual([]);
  });

  it('reports a missing required field on the key of the object that lacks it', () => {
    const text = DEPLOYMENT.replace('  selector:\n    matchLabels:\n      app: web\n', '');
    expect(problemsOf(text)).toEqual([
      ['Champ obligatoire manquant : « selector » dans spec (Deployment apps/v1).', 'spec'],
    ]);
    const noName = DEPLOYMENT.replace('        - name: web\n          image', '        - image');
    expect(problemsOf(noName).map(([m]) => m)).toEqual([
      'Champ obligatoire manquant : « name » dans spec.template.spec.containers[0] (Deployment apps/v1).',
    ]);
  });

  it('reports a kind the apiVersion does not contain, with a suggestion', () => {
    expect(problemsOf(DEPLOYMENT.replace('kind: Deployment', 'kind: Deploymnet'))).toEqual([
      ['apps/v1 ne contient pas de type « Deploymnet ». Vouliez-vous dire « Deployment » ?', 'Deploymnet'],
    ]);
    expect(problemsOf(DEPLOYMENT.replace('apiVersion: apps/v1', 'apiVersion: v1'))).toEqual([
      ['v1 ne contient pas de type « Deployment ». Ce type est servi par apps/v1.', 'Deployment'],
    ]);
  });

  it('reports an unknown apiVersion and where the kind lives', () => {
    expect(problemsOf(DEPLOYMENT.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta1'))).toEqual([
      [
        'Version d’API inconnue « apps/v1beta1 ». Le type « Deployment » est servi par apps/v1.',
        'apps/v1beta1',
      ],
    ]);
  });

  it('checks each document of a multi-document text and each item of a List', () => {
    const bad = DEPLOYMENT.replace('  replicas: 3', '  replica: 3');
    expect(problemsOf(`${DEPLOYMENT}---\n${bad}`)).toHaveLength(1);
    const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c\n    datas: {}\n`;
    expect(problemsOf(list).map(([m, t]) => [m, t])).toEqual([
      ['Champ inconnu « datas » à la racine (ConfigMap v1). Vouliez-vous dire « data » ?', 'datas'],
    ]);
  });

  it('leaves free-form parts and empty values alone', () => {
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    anything.example.com/x: "y"\ndata:\n  any-key: value\n';
    expect(problemsOf(configMap)).toEqual([]);
    expect(problemsOf(`${DEPLOYMENT}          env:\n          args:\n`)).toEqual([]);
  });

  it('leaves aliases and merge keys to the anchored nodes', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: &labels
    app: web
spec:
  containers:
    - &base
      name: a
      image: busybox
    - <<: *base
      name: b
    - <<: *base
  nodeSelector: *labels
`;
    expect(problemsOf(text)).toEqual([]);
  });

  it('reads YAML 1.1 like kubectl: yes is a boolean', () => {
    expect(
      problemsOf(DEPLOYMENT.replace('    app: web\nspec', '    enabled: yes\nspec')).map(([m]) => m),
    ).toEqual([
      'metadata.labels.enabled attend une chaîne, pas un booléen (Deployment apps/v1). Mettez la valeur entre guillemets : "true".',
    ]);
  });
});
