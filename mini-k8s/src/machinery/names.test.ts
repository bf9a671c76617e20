import { describe, expect, it } from 'vitest';
import {
  GENERATE_NAME_ALPHABET,
  generateName,
  generateNameSuffix,
  nameIsDnsSubdomain,
  validateConfigMapKey,
  validateDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateEnvVarName,
  validateLabelValue,
  validatePathSegmentName,
  validatePortName,
  validateQualifiedName,
} from './names';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('DNS names', () => {
  it.each([
    ['web', []],
    ['web.example.com', []],
    ['Web', [SUBDOMAIN_MSG]],
    ['web_1', [SUBDOMAIN_MSG]],
    ['-web', [SUBDOMAIN_MSG]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('subdomain %j', (name, expected) => {
    expect(validateDns1123Subdomain(name)).toEqual(expected);
  });

  it.each([
    ['kube-system', []],
    ['my.ns', [LABEL_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('label %j', (name, expected) => {
    expect(validateDns1123Label(name)).toEqual(expected);
  });

  it.each([
    ['my-svc', []],
    ['1svc', [DNS1035_MSG]],
  ])('DNS-1035 label %j', (name, expected) => {
    expect(validateDns1035Label(name)).toEqual(expected);
  });

  it('accepts a generateName prefix with a trailing dash', () => {
    expect(nameIsDnsSubdomain('web-', true)).toEqual([]);
    expect(nameIsDnsSubdomain('web-', false)).toEqual([SUBDOMAIN_MSG]);
  });
});

describe('qualified names and label values', () => {
  it.each([
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['a b', [NAME_PART_MSG]],
    ['/name', ['prefix part must be non-empty']],
    ['Example.com/name', [`prefix part ${SUBDOMAIN_MSG}`]],
    ['app/', ['name part must be non-empty', NAME_PART_MSG]],
  ])('qualified name %j', (name, expected) => {
    expect(validateQualifiedName(name)).toEqual(expected);
  });

  it('rejects several slashes with the whole-name message', () => {
    expect(validateQualifiedName('a/b/c')[0]).toMatch(
      /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/,
    );
  });

  it.each([
    ['', []],
    ['v1.2_3', []],
    [
      '-x',
      [
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
  ])('label value %j', (value, expected) => {
    expect(validateLabelValue(value)).toEqual(expected);
  });
});

describe('other identifiers', () => {
  it.each([
    ['config.yaml', []],
    ['..data', ["must not start with '..'"]],
    [
      'a/b',
      [
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
  ])('config key %j', (key, expected) => {
    expect(validateConfigMapKey(key)).toEqual(expected);
  });

  it.each([
    ['http', []],
    [
      'HTTP',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must contain at least one letter (a-z)',
      ],
    ],
    ['123', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['averyveryverylongname', ['must be no more than 15 characters']],
  ])('port name %j', (name, expected) => {
    expect(validatePortName(name)).toEqual(expected);
  });

  it('checks environment variable names and RBAC path segments', () => {
    expect(validateEnvVarName('MY_VAR')).toEqual([]);
    expect(validateEnvVarName('1VAR')).toHaveLength(1);
    expect(validatePathSegmentName('system:admin')).toEqual([]);
    expect(validatePathSegmentName('a/b')).toEqual(["may not contain '/'"]);
    expect(validatePathSegmentName('..')).toEqual(["may not be '..'"]);
  });
});

describe('generated names', () => {
  it('appends 5 characters from the Kubernetes alphabet', () => {
    const suffix = generateNameSuffix();
    expect(suffix).toHaveLength(5);
    for (const ch of suffix) expect(GENERATE_NAME_ALPHABET).toContain(ch);
    expect(generateName('web-')).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generateName('x'.repeat(70))).toHaveLength(63);
  });
});
