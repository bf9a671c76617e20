/**
 * The int32/int64 format of integer fields. Upstream's OpenAPI document marks every integer field
 * `format: int32` or `format: int64`; the `kubernetes-models` declarations drop that format, but the
 * validators the package compiles from the same document keep it (ajv's `int32` / `int64` formats).
 * So the format of a field is read by asking its definition's validator about probe values: a string
 * must fail with a `type` error (the validator knows the field and wants an integer), and one past the
 * int32 range fails an int32 field with a `format` error. The other integer fields are int64: upstream
 * gives every integer field one of the two formats, and ajv's `int64` check accepts every JavaScript
 * integer, so it cannot be probed the same way.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validatorFileForSchema } from './model-source';

/** IntegerFormat is the Go integer type behind a JSON integer. */
export type IntegerFormat = 'int32' | 'int64';

/** IntegerShape says where the integer sits in the property: the value itself, an array item, a map value. */
export type IntegerShape = 'scalar' | 'array' | 'map';

interface ValidationError {
  instancePath: string;
  keyword: string;
  params: { format?: string; type?: string };
}
type Validate = ((data: unknown) => boolean) & { errors?: ValidationError[] | null };

const requireValidator = createRequire(import.meta.url);
const validators = new Map<string, Validate | undefined>();

function validatorOf(schemaName: string): Validate | undefined {
  if (validators.has(schemaName)) return validators.get(schemaName);
  const file = validatorFileForSchema(schemaName);
  const validate = existsSync(file)
    ? (requireValidator(file) as { validate?: Validate }).validate
    : undefined;
  validators.set(schemaName, validate);
  return validate;
}

/** probe places a value where the shape puts the integer and returns the JSON pointer of that spot. */
function probe(property: string, shape: IntegerShape, value: unknown): { data: unknown; path: string } {
  const at = `/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  switch (shape) {
    case 'scalar':
      return { data: { [property]: value }, path: at };
    case 'array':
      return { data: { [property]: [value] }, path: `${at}/0` };
    case 'map':
      return { data: { [property]: { k: value } }, path: `${at}/k` };
  }
}

/** errorsAt validates a probe and returns the errors reported at the probed spot. */
function errorsAt(
  validate: Validate,
  property: string,
  shape: IntegerShape,
  value: unknown,
): ValidationError[] {
  const { data, path } = probe(property, shape, value);
  validate(data);
  return (validate.errors ?? []).filter((e) => e.instancePath === path);
}

/** INT32_PROBE is the smallest integer past the int32 range. */
const INT32_PROBE = 2 ** 31;

/**
 * integerFormat returns the format of an integer property of an upstream definition
 * (`io.k8s.api.apps.v1.DeploymentSpec`, `replicas` → `int32`), or undefined when the package has no
 * validator for the definition or the validator does not check the field as an integer.
 */
export function integerFormat(
  schemaName: string,
  property: string,
  shape: IntegerShape = 'scalar',
): IntegerFormat | undefined {
  const validate = validatorOf(schemaName);
  if (!validate) return undefined;
  const checked = errorsAt(validate, property, shape, 'probe').some(
    (e) => e.keyword === 'type' && e.params.type === 'integer',
  );
  if (!checked) return undefined;
  const int32 = errorsAt(validate, property, shape, INT32_PROBE).some(
    (e) => e.keyword === 'format' && e.params.format === 'int32',
  );
  return int32 ? 'int32' : 'int64';
}
