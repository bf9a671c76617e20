/**
 * malformedCases builds the table of bad requests the malformed-request suite sends: each with the exact
 * HTTP code and Status reason a Kubernetes 1.32 apiserver answers, and, where the text is stable and
 * known, the message. Most rows are generated systematically (every cut point of a body, every bad name,
 * every bad query value) so the table stays short to read while covering more than 200 requests.
 *
 * The rows assume the fixtures `malformedFixtures` creates: ConfigMap `fixture` and Deployment `fixture`
 * in `default`. No row may succeed in changing them.
 */
import type { KubeObject } from '../../src/api/object';
import { encodeKubernetesProtobuf } from '../../src/apiserver/protobuf';

/** MalformedCase is one bad request and the answer it must get. */
export interface MalformedCase {
  name: string;
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  code: number;
  reason: string;
  /** message, when set, must equal the Status message (a RegExp must match it). */
  message?: string | RegExp;
}

export const CM = '/api/v1/namespaces/default/configmaps';
export const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
export const SVC = '/api/v1/namespaces/default/services';

/** FIXTURE_CONFIGMAP and FIXTURE_DEPLOYMENT are created before the table runs. */
export const FIXTURE_CONFIGMAP: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'fixture', namespace: 'default' },
  data: { mode: 'dev' },
};

export function deployment(name: string, replicas: unknown = 1): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };
}
export const FIXTURE_DEPLOYMENT = deployment('fixture') as unknown as KubeObject;

/** configMapJson is a ConfigMap body with the given metadata and top-level extras. */
function configMapJson(metadata: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata, ...extra });
}

/** seededBytes returns deterministic pseudo-random bytes (a small LCG) so failures are reproducible. */
function seededBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function badJson(): MalformedCase[] {
  const valid = configMapJson({ name: 'truncated' }, { data: { a: 'b' } });
  const cases: MalformedCase[] = [];
  // Every 6th cut point of a valid body: truncated in a key, a string, between tokens, ...
  for (let cut = 1; cut < valid.length; cut += 6) {
    cases.push({
      name: `JSON truncated at ${cut}`,
      method: 'POST',
      path: CM,
      body: valid.slice(0, cut),
      code: 400,
      reason: 'BadRequest',
    });
  }
  const garbage: [string, string][] = [
    ['trailing letters', `${valid}xyz`],
    ['trailing brace', `${valid}}`],
    ['trailing comma', `${valid},`],
    ['second document', `${valid}${valid}`],
    ['single quotes', valid.replaceAll('"', "'")],
    ['unquoted keys', '{apiVersion:"v1",kind:"ConfigMap"}'],
    ['NaN value', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"},"data":NaN}'],
    ['comment', '{"apiVersion":"v1", /* c */ "kind":"ConfigMap"}'],
    ['control character in string', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a\u0001"}}'],
    ['lone surrogate escape then garbage', '{"apiVersion":"v1","kind":"ConfigMap",\\ud800}'],
    ['null', 'null'],
    ['number', '42'],
    ['string', '"ConfigMap"'],
    ['array', '[]'],
    ['array of objects', `[${valid}]`],
    ['true', 'true'],
    ['whitespace only', '   '],
  ];
  for (const [name, body] of garbage)
    cases.push({ name: `JSON ${name}`, method: 'POST', path: CM, body, code: 400, reason: 'BadRequest' });
  // A missing kind or apiVersion is filled from the URL (the decoder's defaults), so `{}` only lacks a name.
  cases.push({
    name: 'JSON empty object',
    method: 'POST',
    path: CM,
    body: '{}',
    code: 422,
    reason: 'Invalid',
    message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  });
  return cases;
}

/** DeploymentShape is the part of a Deployment body the wrong-type rows rewrite. */
interface DeploymentShape {
  [key: string]: unknown;
  spec: {
    [key: string]: unknown;
    template: { spec: { [key: string]: unknown; containers: Record<string, unknown>[] } };
  };
}

function wrongTypes(): MalformedCase[] {
  const configMapFields: [string, string][] = [
    ['metadata string', configMapJson('x')],
    ['metadata number', configMapJson(5)],
    ['metadata array', configMapJson([])],
    ['metadata boolean', configMapJson(true)],
    ['name number', configMapJson({ name: 5 })],
    ['name boolean', configMapJson({ name: true })],
    ['name object', configMapJson({ name: {} })],
    ['name array', configMapJson({ name: ['a'] })],
    ['labels array', configMapJson({ name: 'l', labels: ['a'] })],
    ['labels string', configMapJson({ name: 'l', labels: 'a=b' })],
    ['label value number', configMapJson({ name: 'l', labels: { a: 1 } })],
    ['annotation value object', configMapJson({ name: 'l', annotations: { a: {} } })],
    ['finalizers string', configMapJson({ name: 'l', finalizers: 'x' })],
    ['ownerReferences object', configMapJson({ name: 'l', ownerReferences: {} })],
    ['data array', configMapJson({ name: 'd' }, { data: ['a'] })],
    ['data string', configMapJson({ name: 'd' }, { data: 'a=b' })],
    ['data value number', configMapJson({ name: 'd' }, { data: { a: 1 } })],
    ['data value object', configMapJson({ name: 'd' }, { data: { a: {} } })],
    ['immutable string', configMapJson({ name: 'd' }, { immutable: 'yes' })],
  ];
  const cases: MalformedCase[] = configMapFields.map(([name, body]) => ({
    name: `ConfigMap ${name}`,
    method: 'POST',
    path: CM,
    body,
    code: 400,
    reason: 'BadRequest',
  }));
  const spec = (patch: (d: DeploymentShape) => void): string => {
    const d = deployment('typed') as unknown as DeploymentShape;
    patch(d);
    return JSON.stringify(d);
  };
  const deploymentFields: [string, string][] = [
    ['replicas string', spec((d) => (d.spec.replicas = 'two'))],
    ['replicas fraction', spec((d) => (d.spec.replicas = 1.5))],
    ['replicas 1e400', spec((d) => (d.spec.replicas = '@@')).replace('"@@"', '1e400')],
    ['replicas huge integer', spec((d) => (d.spec.replicas = '@@')).replace('"@@"', '9'.repeat(40))],
    ['spec array', spec((d) => ((d as Record<string, unknown>).spec = []))],
    ['spec string', spec((d) => ((d as Record<string, unknown>).spec = 'x'))],
    ['selector string', spec((d) => (d.spec.selector = 'app=web'))],
    ['containers object', spec((d) => ((d.spec.template.spec as Record<string, unknown>).containers = {}))],
    [
      'container string',
      spec((d) => ((d.spec.template.spec as Record<string, unknown>).containers = ['nginx'])),
    ],
    [
      'containerPort string',
      spec((d) => (d.spec.template.spec.containers[0].ports = [{ containerPort: '80' }])),
    ],
    ['env object', spec((d) => (d.spec.template.spec.containers[0].env = { A: 'b' }))],
    ['args string', spec((d) => (d.spec.template.spec.containers[0].args = 'a b'))],
    ['strategy type number', spec((d) => (d.spec.strategy = { type: 1 }))],
    ['minReadySeconds string', spec((d) => (d.spec.minReadySeconds = '5'))],
  ];
  for (const [name, body] of deploymentFields)
    cases.push({
      name: `Deployment ${name}`,
      method: 'POST',
      path: DEPLOY,
      body,
      code: 400,
      reason: 'BadRequest',
    });
  return cases;
}

function badYaml(): MalformedCase[] {
  const docs: [string, string][] = [
    ['unclosed flow sequence', 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n'],
    ['unclosed flow mapping', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n'],
    ['bad indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n    bad: y\n'],
    ['tab indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n'],
    ['unterminated quote', 'apiVersion: "v1\nkind: ConfigMap\n'],
    ['sequence at top', '- apiVersion: v1\n  kind: ConfigMap\n'],
    ['scalar at top', 'just a string\n'],
    ['metadata scalar', 'apiVersion: v1\nkind: ConfigMap\nmetadata: x\n'],
    ['data list', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n- a\n'],
  ];
  return docs.map(([name, body]) => ({
    name: `YAML ${name}`,
    method: 'POST',
    path: CM,
    body,
    contentType: 'application/yaml',
    code: 400,
    reason: 'BadRequest',
  }));
}

function badProtobuf(): MalformedCase[] {
  const real = encodeKubernetesProtobuf({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'proto', namespace: 'default', labels: { a: 'b' } },
    data: { key: 'value', other: 'x'.repeat(40) },
  });
  const cases: MalformedCase[] = [];
  const add = (name: string, body: Uint8Array) =>
    cases.push({
      name: `protobuf ${name}`,
      method: 'POST',
      path: CM,
      body,
      contentType: 'application/vnd.kubernetes.protobuf',
      code: 400,
      reason: 'BadRequest',
    });
  for (let seed = 1; seed <= 10; seed++) add(`random bytes #${seed}`, seededBytes(seed, 16 + seed * 7));
  const magic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);
  for (let seed = 11; seed <= 18; seed++)
    add(`magic + garbage #${seed}`, Uint8Array.from([...magic, ...seededBytes(seed, 8 + seed)]));
  add('magic only', magic);
  add('empty', new Uint8Array(0));
  // Cutting a real envelope inside a length-delimited field leaves a length pointing past the end.
  for (const cut of [5, 9, 14, 20, 30, Math.floor(real.length / 2), real.length - 3])
    add(`real body truncated at ${cut}/${real.length}`, real.slice(0, cut));
  add('JSON sent as protobuf', new TextEncoder().encode(configMapJson({ name: 'j' })));
  return cases;
}

function wrongKinds(): MalformedCase[] {
  const rows: [string, string, string][] = [
    ['Pod to configmaps', CM, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'k' } })],
    ['apps/v1 ConfigMap', CM, configMapJson({ name: 'k' }).replace('"v1"', '"apps/v1"')],
    ['v2 ConfigMap', CM, configMapJson({ name: 'k' }).replace('"v1"', '"v2"')],
    ['lower-case kind', CM, configMapJson({ name: 'k' }).replace('"ConfigMap"', '"configmap"')],
    ['ConfigMap to deployments', DEPLOY, configMapJson({ name: 'k' })],
    ['v1 Deployment', DEPLOY, JSON.stringify({ ...deployment('k'), apiVersion: 'v1' })],
    [
      'extensions Deployment',
      DEPLOY,
      JSON.stringify({ ...deployment('k'), apiVersion: 'extensions/v1beta1' }),
    ],
    ['ReplicaSet to deployments', DEPLOY, JSON.stringify({ ...deployment('k'), kind: 'ReplicaSet' })],
    [
      'Service to configmaps',
      CM,
      JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'k' } }),
    ],
    [
      'Namespace to configmaps',
      CM,
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'k' } }),
    ],
  ];
  return rows.map(([name, path, body]) => ({
    name: `wrong kind: ${name}`,
    method: 'POST',
    path,
    body,
    code: 400,
    reason: 'BadRequest',
  }));
}

const DNS_SUBDOMAIN = /metadata\.name: Invalid value: .*a lowercase RFC 1123 subdomain must consist of/;

function invalidNames(): MalformedCase[] {
  const subdomainNames = [
    'Upper',
    'a_b',
    '-a',
    'a-',
    'a..b',
    '.',
    '..',
    'a b',
    'a/b',
    'a%2Fb',
    'é',
    '日本',
    'emoji-😀',
    'x'.repeat(254),
    'a:b',
    'a@b',
  ];
  const cases: MalformedCase[] = subdomainNames.map((name) => ({
    name: `ConfigMap name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}`,
    method: 'POST',
    path: CM,
    body: configMapJson({ name }),
    code: 422,
    reason: 'Invalid',
    message:
      name.length > 253
        ? /metadata\.name: Invalid value: .*: must be no more than 253 characters/
        : DNS_SUBDOMAIN,
  }));
  cases.push({
    name: 'ConfigMap without a name',
    method: 'POST',
    path: CM,
    body: configMapJson({}),
    code: 422,
    reason: 'Invalid',
    message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  });
  cases.push({
    name: 'ConfigMap with an empty name',
    method: 'POST',
    path: CM,
    body: configMapJson({ name: '' }),
    code: 422,
    reason: 'Invalid',
    message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  });
  // Services need a DNS-1035 label: no dots, starts with a letter, at most 63 characters.
  for (const name of ['a.b', '1abc', 'x'.repeat(64), 'Web']) {
    cases.push({
      name: `Service name ${name.length > 20 ? `x…(${name.length})` : name}`,
      method: 'POST',
      path: SVC,
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name },
        spec: { ports: [{ port: 80 }] },
      }),
      code: 422,
      reason: 'Invalid',
      message:
        name.length > 63
          ? /metadata\.name: Invalid value: .*: must be no more than 63 characters/
          : /metadata\.name: Invalid value: .*a DNS-1035 label must consist of/,
    });
  }
  for (const name of ['a.b', 'UPPER', 'x'.repeat(64)]) {
    cases.push({
      name: `Namespace name ${name.length > 20 ? `x…(${name.length})` : name}`,
      method: 'POST',
      path: '/api/v1/namespaces',
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
      code: 422,
      reason: 'Invalid',
      message:
        name.length > 63
          ? /metadata\.name: Invalid value: .*: must be no more than 63 characters/
          : /metadata\.name: Invalid value: .*a lowercase RFC 1123 label must consist of/,
    });
  }
  cases.push({
    name: 'name on the URL differs from the body',
    method: 'PUT',
    path: `${CM}/fixture`,
    body: configMapJson({ name: 'other' }),
    code: 400,
    reason: 'BadRequest',
    message: 'the name of the object (other) does not match the name on the URL (fixture)',
  });
  cases.push({
    name: 'namespace on the URL differs from the body',
    method: 'POST',
    path: CM,
    body: configMapJson({ name: 'x', namespace: 'kube-system' }),
    code: 400,
    reason: 'BadRequest',
    message: 'the namespace of the provided object does not match the namespace sent on the request',
  });
  for (const path of [`${CM}/a%2Fb`, `${CM}/..`, `${CM}/.`, `${CM}/a%2F..%2Fb`]) {
    cases.push({ name: `path trick GET ${path}`, method: 'GET', path, code: 400, reason: 'BadRequest' });
  }
  // Names are not validated on reads: an impossible name is simply not found.
  for (const name of ['UPPER', 'a_b', 'x'.repeat(300)]) {
    cases.push({
      name: `GET impossible name ${name.slice(0, 10)}`,
      method: 'GET',
      path: `${CM}/${name}`,
      code: 404,
      reason: 'NotFound',
      message: `configmaps "${name}" not found`,
    });
  }
  return cases;
}

function unknownAndDuplicateFields(): MalformedCase[] {
  const rows: [string, string, string, string][] = [
    ['top-level field', CM, configMapJson({ name: 'u' }, { foo: 1 }), 'unknown field "foo"'],
    ['metadata field', CM, configMapJson({ name: 'u', foo: 1 }), 'unknown field "metadata.foo"'],
    [
      'spec field',
      DEPLOY,
      JSON.stringify({ ...deployment('u'), spec: { ...(deployment('u').spec as object), foo: 1 } }),
      'unknown field "spec.foo"',
    ],
    [
      'container field',
      DEPLOY,
      JSON.stringify(deployment('u')).replace('"image":"nginx:1.27"', '"image":"nginx:1.27","imagee":"x"'),
      'unknown field "spec.template.spec.containers[0].imagee"',
    ],
  ];
  const cases: MalformedCase[] = rows.map(([name, path, body, detail]) => ({
    name: `Strict unknown ${name}`,
    method: 'POST',
    path: `${path}?fieldValidation=Strict`,
    body,
    code: 400,
    reason: 'BadRequest',
    message: `${path === CM ? 'ConfigMap' : 'Deployment'} in version "v1" cannot be handled as a ${path === CM ? 'ConfigMap' : 'Deployment'}: strict decoding error: ${detail}`,
  }));
  cases.push({
    name: 'Strict duplicate field',
    method: 'POST',
    path: `${CM}?fieldValidation=Strict`,
    body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d1","name":"d2"}}',
    code: 400,
    reason: 'BadRequest',
    message:
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name"',
  });
  cases.push({
    name: 'fieldValidation value not supported',
    method: 'POST',
    path: `${CM}?fieldValidation=Loose`,
    body: configMapJson({ name: 'fv' }),
    code: 422,
    reason: 'Invalid',
    message:
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "Ignore", "Strict", "Warn"',
  });
  return cases;
}

function conflictsAndPreconditions(): MalformedCase[] {
  const staleBody = JSON.stringify({
    ...FIXTURE_CONFIGMAP,
    metadata: { name: 'fixture', resourceVersion: '1' },
  });
  const conflict =
    'Operation cannot be fulfilled on configmaps "fixture": the object has been modified; please apply your changes to the latest version and try again';
  return [
    {
      name: 'stale PUT',
      method: 'PUT',
      path: `${CM}/fixture`,
      body: staleBody,
      code: 409,
      reason: 'Conflict',
      message: conflict,
    },
    {
      name: 'stale merge patch',
      method: 'PATCH',
      path: `${CM}/fixture`,
      body: '{"metadata":{"resourceVersion":"1"},"data":{"x":"y"}}',
      contentType: 'application/merge-patch+json',
      code: 409,
      reason: 'Conflict',
      message: conflict,
    },
    {
      name: 'stale strategic patch',
      method: 'PATCH',
      path: `${CM}/fixture`,
      body: '{"metadata":{"resourceVersion":"1"},"data":{"x":"y"}}',
      contentType: 'application/strategic-merge-patch+json',
      code: 409,
      reason: 'Conflict',
      message: conflict,
    },
    {
      name: 'create an existing object',
      method: 'POST',
      path: CM,
      body: configMapJson({ name: 'fixture' }),
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "fixture" already exists',
    },
    {
      name: 'delete with a wrong UID precondition',
      method: 'DELETE',
      path: `${CM}/fixture`,
      body: '{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}',
      code: 409,
      reason: 'Conflict',
      message:
        /^Operation cannot be fulfilled on configmaps "fixture": StorageError: invalid object, Code: 4, Key: \/registry\/configmaps\/default\/fixture, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: [0-9a-f-]{36}$/,
    },
    {
      name: 'delete with a stale resourceVersion precondition',
      method: 'DELETE',
      path: `${CM}/fixture`,
      body: '{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"1"}}',
      code: 409,
      reason: 'Conflict',
      message:
        /^Operation cannot be fulfilled on configmaps "fixture": StorageError: invalid object, Code: 4, Key: \/registry\/configmaps\/default\/fixture, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/,
    },
    {
      name: 'delete a missing object',
      method: 'DELETE',
      path: `${CM}/missing`,
      code: 404,
      reason: 'NotFound',
      message: 'configmaps "missing" not found',
    },
    {
      name: 'delete with an unknown propagation policy',
      method: 'DELETE',
      path: `${CM}/fixture?propagationPolicy=Sideways`,
      code: 422,
      reason: 'Invalid',
    },
    {
      name: 'delete with a DeleteOptions array',
      method: 'DELETE',
      path: `${CM}/fixture`,
      body: '[]',
      code: 400,
      reason: 'BadRequest',
    },
  ];
}

function badSelectors(): MalformedCase[] {
  const labelSelectors = [
    'a b',
    '!',
    'a in (',
    'a in (b',
    'a=b=c',
    'a notin b',
    '=a',
    'A/B/C=d',
    '-a=b',
    `a=${'x'.repeat(64)}`,
    'a in (b,,c',
    'a,,b',
    '!a=b',
  ];
  const cases: MalformedCase[] = labelSelectors.map((selector) => ({
    name: `labelSelector ${JSON.stringify(selector.length > 20 ? `${selector.slice(0, 6)}…` : selector)}`,
    method: 'GET',
    path: `${CM}?labelSelector=${encodeURIComponent(selector)}`,
    code: 400,
    reason: 'BadRequest',
  }));
  cases.push({
    name: 'labelSelector missing operator has the upstream text',
    method: 'GET',
    path: `${CM}?labelSelector=${encodeURIComponent('a b')}`,
    code: 400,
    reason: 'BadRequest',
    message: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
  });
  const fieldSelectors: [string, string, string | RegExp | undefined][] = [
    [CM, 'foo=bar', '"foo" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    [
      CM,
      'spec.nodeName=x',
      '"spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['/api/v1/namespaces/default/pods', 'spec.nodeNam=x', /field label not supported: spec\.nodeNam/],
    ['/api/v1/namespaces/default/pods', 'status.phas=Running', /field label not supported: status\.phas/],
    [CM, 'a', "invalid selector: 'a'; can't understand 'a'"],
    [CM, 'metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    [CM, 'metadata.name>x', undefined],
  ];
  for (const [path, selector, message] of fieldSelectors) {
    cases.push({
      name: `fieldSelector ${selector} on ${path.split('/').pop()}`,
      method: 'GET',
      path: `${path}?fieldSelector=${encodeURIComponent(selector)}`,
      code: 400,
      reason: 'BadRequest',
      ...(message !== undefined ? { message } : {}),
    });
  }
  return cases;
}

function badQueryValues(): MalformedCase[] {
  const rows: [string, string, number, string, (string | RegExp)?][] = [
    ['limit=abc', `${CM}?limit=abc`, 400, 'BadRequest', /strconv\.ParseInt: parsing "abc": invalid syntax/],
    ['limit=1.5', `${CM}?limit=1.5`, 400, 'BadRequest'],
    ['limit=1e3', `${CM}?limit=1e3`, 400, 'BadRequest'],
    ['limit=0x10', `${CM}?limit=0x10`, 400, 'BadRequest'],
    ['timeoutSeconds=abc', `${CM}?watch=true&timeoutSeconds=abc`, 400, 'BadRequest'],
    ['timeoutSeconds=1.5', `${CM}?watch=true&timeoutSeconds=1.5`, 400, 'BadRequest'],
    ['watch=maybe', `${CM}?watch=maybe`, 400, 'BadRequest'],
    ['allowWatchBookmarks=perhaps', `${CM}?watch=true&allowWatchBookmarks=perhaps`, 400, 'BadRequest'],
    ['continue garbage', `${CM}?limit=1&continue=garbage`, 400, 'BadRequest'],
    [
      'continue base64 of junk',
      `${CM}?limit=1&continue=${Buffer.from('{"v":"x"}').toString('base64')}`,
      400,
      'BadRequest',
    ],
    ['gracePeriodSeconds=soon', `${CM}/fixture?gracePeriodSeconds=soon`, 400, 'BadRequest'],
    [
      'dryRun=foo',
      `${CM}?dryRun=foo`,
      422,
      'Invalid',
      /^CreateOptions\.meta\.k8s\.io "" is invalid: dryRun: Unsupported value: .*"foo".*: supported values: "All"$/,
    ],
    ['dryRun=true', `${CM}?dryRun=true`, 422, 'Invalid', /dryRun: Unsupported value/],
    ['dryRun=All&dryRun=x', `${CM}?dryRun=All&dryRun=x`, 422, 'Invalid', /dryRun: Unsupported value/],
    ['force=sure', `${CM}/fixture?force=sure`, 400, 'BadRequest'],
  ];
  return rows.map(([name, path, code, reason, message]) => {
    // Write-option rows need a write: gracePeriodSeconds is a delete option, the others create.
    const method = name.startsWith('gracePeriod')
      ? 'DELETE'
      : name.startsWith('dryRun')
        ? 'POST'
        : name.startsWith('force')
          ? 'PATCH'
          : 'GET';
    const out: MalformedCase = { name: `query ${name}`, method, path, code, reason };
    if (method === 'POST') out.body = configMapJson({ name: 'dry' });
    if (method === 'PATCH') {
      out.body = '{"data":{"x":"y"}}';
      out.contentType = 'application/merge-patch+json';
    }
    if (message !== undefined) out.message = message;
    return out;
  });
}

function methodsAndRoutes(): MalformedCase[] {
  const rows: [string, string, number, string][] = [
    ['GET', '/api/v1/widgets', 404, 'NotFound'],
    ['GET', '/api/v1/namespaces/default/widgets', 404, 'NotFound'],
    ['GET', '/api/v2/pods', 404, 'NotFound'],
    ['GET', '/apis/apps/v2/deployments', 404, 'NotFound'],
    ['GET', '/apis/apps/v1/namespaces/default/pods', 404, 'NotFound'],
    ['GET', '/apis/example.com/v1/widgets', 404, 'NotFound'],
    ['POST', '/apis/example.com/v1/namespaces/default/widgets', 404, 'NotFound'],
    ['GET', `${CM}/fixture/nonsense`, 404, 'NotFound'],
    ['GET', '/api/v1/namespaces/default/nodes', 404, 'NotFound'],
    ['POST', '/api/v1/namespaces/ghost/configmaps', 404, 'NotFound'],
  ];
  return rows.map(([method, path, code, reason]) => {
    const out: MalformedCase = { name: `${method} ${path}`, method, path, code, reason };
    if (method !== 'GET') out.body = configMapJson({ name: 'route' });
    if (method === 'PATCH') out.contentType = 'application/merge-patch+json';
    return out;
  });
}

function badPatches(): MalformedCase[] {
  const path = `${CM}/fixture`;
  const patch = (
    name: string,
    contentType: string,
    body: string,
    code: number,
    reason: string,
    message?: string | RegExp,
  ): MalformedCase => ({
    name: `patch ${name}`,
    method: 'PATCH',
    path,
    body,
    contentType,
    code,
    reason,
    ...(message !== undefined ? { message } : {}),
  });
  const json = 'application/json-patch+json';
  const merge = 'application/merge-patch+json';
  const strategic = 'application/strategic-merge-patch+json';
  const apply = 'application/apply-patch+yaml';
  const cases = [
    patch('JSON patch with an object body', json, '{"op":"add"}', 400, 'BadRequest'),
    patch('JSON patch with a string body', json, '"add"', 400, 'BadRequest'),
    patch('JSON patch not JSON', json, '[{', 400, 'BadRequest'),
    patch('JSON patch unknown op', json, '[{"op":"bogus","path":"/data/x"}]', 422, 'Invalid'),
    patch('JSON patch op missing path', json, '[{"op":"add","value":1}]', 422, 'Invalid'),
    patch('JSON patch remove a missing key', json, '[{"op":"remove","path":"/data/nope"}]', 422, 'Invalid'),
    patch(
      'JSON patch replace a missing key',
      json,
      '[{"op":"replace","path":"/data/nope","value":"x"}]',
      422,
      'Invalid',
    ),
    patch(
      'JSON patch test failure',
      json,
      '[{"op":"test","path":"/data/mode","value":"prod"}]',
      422,
      'Invalid',
    ),
    patch(
      'JSON patch index out of range',
      json,
      '[{"op":"add","path":"/metadata/finalizers/5","value":"x"}]',
      422,
      'Invalid',
    ),
    patch(
      'JSON patch changes kind',
      json,
      '[{"op":"replace","path":"/kind","value":"Secret"}]',
      400,
      'BadRequest',
    ),
    patch('merge patch array', merge, '[]', 400, 'BadRequest'),
    patch('merge patch not JSON', merge, '{', 400, 'BadRequest'),
    patch('merge patch string', merge, '"x"', 400, 'BadRequest'),
    patch('merge patch makes data a number', merge, '{"data":5}', 400, 'BadRequest'),
    patch('strategic patch array', strategic, '[{"op":"add"}]', 400, 'BadRequest'),
    patch('strategic patch not JSON', strategic, '{"data":', 400, 'BadRequest'),
    patch('strategic patch number', strategic, '7', 400, 'BadRequest'),
    patch(
      'apply without fieldManager',
      apply,
      configMapJson({ name: 'fixture' }),
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ),
  ];
  for (const [name, body] of [
    ['apply not YAML', 'a: ['],
    ['apply array', '- a\n- b\n'],
  ]) {
    cases.push({ ...patch(name, apply, body, 400, 'BadRequest'), path: `${path}?fieldManager=fuzz` });
  }
  for (const type of [
    'text/plain',
    'application/xml',
    'application/json',
    'application/vnd.kubernetes.protobuf',
    'application/octet-stream',
    'application/yaml',
  ]) {
    cases.push(patch(`content type ${type}`, type, '{"data":{"x":"y"}}', 415, 'UnsupportedMediaType'));
  }
  for (const type of ['text/plain', 'application/xml', 'multipart/form-data']) {
    cases.push({
      name: `create with content type ${type}`,
      method: 'POST',
      path: CM,
      body: configMapJson({ name: 'ct' }),
      contentType: type,
      code: 415,
      reason: 'UnsupportedMediaType',
    });
  }
  return cases;
}

/** oversized returns the 413 rows: bodies just over 3 MiB for each write verb. */
function oversized(): MalformedCase[] {
  const big = configMapJson({ name: 'big' }, { data: { a: 'x'.repeat(3 * 1024 * 1024) } });
  const message = 'Request entity too large: limit is 3145728';
  return [
    {
      name: 'POST over 3 MiB',
      method: 'POST',
      path: CM,
      body: big,
      code: 413,
      reason: 'RequestEntityTooLarge',
      message,
    },
    {
      name: 'PUT over 3 MiB',
      method: 'PUT',
      path: `${CM}/big`,
      body: big,
      code: 413,
      reason: 'RequestEntityTooLarge',
      message,
    },
    {
      name: 'PATCH over 3 MiB',
      method: 'PATCH',
      path: `${CM}/fixture`,
      body: big,
      contentType: 'application/merge-patch+json',
      code: 413,
      reason: 'RequestEntityTooLarge',
      message,
    },
  ];
}

/** malformedCases returns every row of the table. */
export function malformedCases(): MalformedCase[] {
  return [
    ...badJson(),
    ...wrongTypes(),
    ...badYaml(),
    ...badProtobuf(),
    ...wrongKinds(),
    ...invalidNames(),
    ...unknownAndDuplicateFields(),
    ...conflictsAndPreconditions(),
    ...badSelectors(),
    ...badQueryValues(),
    ...methodsAndRoutes(),
    ...badPatches(),
    ...oversized(),
    ...routesAndOptions(),
    // An int32 overflow fails at decoding, as on a real server (and never reaches the ReplicaSet controller).
    {
      name: 'Deployment replicas over int32',
      method: 'POST',
      path: DEPLOY,
      body: JSON.stringify(deployment('overflow', 2147483648)),
      code: 400,
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
  ];
}

/** routesAndOptions returns the rows for verbs a path does not serve and unsupported write options. */
function routesAndOptions(): MalformedCase[] {
  const route = (method: string, path: string): MalformedCase => ({
    name: `${method} ${path} is not a route`,
    method,
    path,
    body: configMapJson({ name: 'route' }),
    ...(method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : {}),
    code: 405,
    reason: 'MethodNotAllowed',
  });
  return [
    // Verbs a path does not serve are 405 MethodNotAllowed (a collection: GET, POST, DELETE; an object: GET, PUT, PATCH, DELETE).
    route('PUT', CM),
    route('PATCH', CM),
    route('POST', `${CM}/fixture`),
    route('PUT', '/api/v1/namespaces'),
    route('POST', '/api/v1/nodes/controlplane'),
    // field.NotSupported renders a []string bad value with Go's %#v.
    {
      name: 'dryRun=foo exact text',
      method: 'POST',
      path: `${CM}?dryRun=foo`,
      body: configMapJson({ name: 'dry' }),
      code: 422,
      reason: 'Invalid',
      message:
        'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"foo"}: supported values: "All"',
    },
  ];
}
