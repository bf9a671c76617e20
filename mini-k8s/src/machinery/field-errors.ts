/**
 * Field error constructors: apimachinery's field.Required/Invalid/NotSupported/... with the `detail` text
 * composed exactly as field.Error.ErrorBody() renders it, so that `errors.invalid()` prints
 * `<field>: <detail>` byte-for-byte like the real API server.
 */
import type { FieldError } from './errors';

/**
 * GoLiteral is a bad value already rendered the way Go's `%#v` prints it (maps, structs, slices), e.g.
 * `map[string]string{"app":"x"}`. Plain strings, numbers and booleans are rendered automatically.
 */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** BadValue is what a field error may carry as its offending value. */
export type BadValue = string | number | boolean | null | undefined | GoLiteral;

/** goQuote renders a string as Go's %q does for the printable ASCII and common Unicode cases. */
export function goQuote(value: string): string {
  // JSON escaping matches %q for printable text, quotes, backslashes, \n and \t.
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** goMapLiteral renders map[string]string the way %#v does: keys sorted, no spaces. */
export function goMapLiteral(map: Record<string, string> | undefined | null): GoLiteral {
  if (map == null) return new GoLiteral('map[string]string(nil)');
  const body = Object.keys(map)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(map[k])}`)
    .join(', ');
  return new GoLiteral(`map[string]string{${body}}`);
}

/** goStringSliceLiteral renders []string the way %#v does. */
export function goStringSliceLiteral(values: string[] | undefined | null): GoLiteral {
  if (values == null) return new GoLiteral('[]string(nil)');
  return new GoLiteral(`[]string{${values.map(goQuote).join(', ')}}`);
}

/** renderBadValue renders a bad value as ErrorBody does (%q for strings, %v for numbers and booleans). */
export function renderBadValue(value: BadValue): string {
  if (value instanceof GoLiteral) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  return String(value);
}

function withDetail(head: string, detail: string | undefined): string {
  return detail ? `${head}: ${detail}` : head;
}

/** fieldErrors builds FieldError values with Kubernetes' cause types and rendered details. */
export const fieldErrors = {
  /** required renders `Required value` (optionally `: <detail>`). */
  required(field: string, detail?: string): FieldError {
    return { type: 'FieldValueRequired', field, detail: withDetail('Required value', detail) };
  },
  /** invalid renders `Invalid value: <value>: <detail>`. */
  invalid(field: string, value: BadValue, detail?: string): FieldError {
    return {
      type: 'FieldValueInvalid',
      field,
      detail: withDetail(`Invalid value: ${renderBadValue(value)}`, detail),
    };
  },
  /** notSupported renders `Unsupported value: "x": supported values: "a", "b"`. */
  notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
    const list = supported.map(goQuote).join(', ');
    return {
      type: 'FieldValueNotSupported',
      field,
      detail: withDetail(
        `Unsupported value: ${renderBadValue(value)}`,
        list ? `supported values: ${list}` : '',
      ),
    };
  },
  /** duplicate renders `Duplicate value: "x"`. */
  duplicate(field: string, value: BadValue): FieldError {
    return { type: 'FieldValueDuplicate', field, detail: `Duplicate value: ${renderBadValue(value)}` };
  },
  /** notFound renders `Not found: "x"`. */
  notFound(field: string, value: BadValue): FieldError {
    return { type: 'FieldValueNotFound', field, detail: `Not found: ${renderBadValue(value)}` };
  },
  /** forbidden renders `Forbidden: <detail>`. */
  forbidden(field: string, detail: string): FieldError {
    return { type: 'FieldValueForbidden', field, detail: withDetail('Forbidden', detail) };
  },
  /** tooLong renders `Too long: may not be more than <n> bytes` (field.TooLong with a known maximum). */
  tooLong(field: string, maxLength: number): FieldError {
    return { type: 'FieldValueTooLong', field, detail: `Too long: may not be more than ${maxLength} bytes` };
  },
  /** tooMany renders `Too many: <actual>: must have at most <max> items`. */
  tooMany(field: string, actual: number, max: number): FieldError {
    return {
      type: 'FieldValueTooMany',
      field,
      detail: `Too many: ${actual}: must have at most ${max} items`,
    };
  },
};

/** FieldPath builds `spec.containers[0].ports[1]` style paths (field.Path). */
export class FieldPath {
  private constructor(private readonly text: string) {}

  /** root starts a path at a top-level field (`metadata`, `spec`). */
  static root(name: string): FieldPath {
    return new FieldPath(name);
  }

  /** child appends `.name`. */
  child(...names: string[]): FieldPath {
    let text = this.text;
    for (const name of names) text = text ? `${text}.${name}` : name;
    return new FieldPath(text);
  }

  /** index appends `[i]`. */
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** key appends `[key]` (map entries). */
  key(key: string): FieldPath {
    return new FieldPath(`${this.text}[${key}]`);
  }

  toString(): string {
    return this.text;
  }
}
