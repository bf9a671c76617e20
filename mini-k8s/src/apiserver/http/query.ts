/**
 * Query-parameter parsing for resource requests: list/watch options, write options (dryRun,
 * fieldManager, fieldValidation, force) and delete options from the query string or a DeleteOptions
 * body. Invalid values fail with the apiserver's texts.
 */
import { goStringSliceLiteral } from '../../machinery/field-errors';
import { errors } from '../../machinery/errors';
import type { DeleteOptions, ListOptions, RequestContext } from '../registry/interface';
import { isPlainObject, parseJsonText } from './body';

/** parseInteger parses a decimal integer query value; 400 with Go's strconv text when malformed. */
function parseInteger(name: string, value: string): number {
  if (!/^[+-]?\d+$/.test(value))
    throw errors.badRequest(`${name}: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

/** parseBool parses a boolean query value the way Go's strconv.ParseBool does. */
function parseBool(name: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(value)) return false;
  throw errors.badRequest(`${name}: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

/** isWatch tells whether the query asks for a watch (`watch=true` / `watch=1`). */
export function isWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  return value !== null && parseBool('watch', value);
}

/** parseListOptions reads the list and watch parameters. */
export function parseListOptions(query: URLSearchParams): ListOptions {
  const options: ListOptions = {};
  const text = (name: string) => query.get(name) ?? undefined;
  if (text('labelSelector')) options.labelSelector = text('labelSelector');
  if (text('fieldSelector')) options.fieldSelector = text('fieldSelector');
  if (text('continue')) options.continue = text('continue');
  if (text('resourceVersion') !== undefined) options.resourceVersion = text('resourceVersion');
  if (text('resourceVersionMatch')) options.resourceVersionMatch = text('resourceVersionMatch');
  const limit = text('limit');
  if (limit) {
    const n = parseInteger('limit', limit);
    if (n > 0) options.limit = n;
  }
  const timeout = text('timeoutSeconds');
  if (timeout) options.timeoutSeconds = parseInteger('timeoutSeconds', timeout);
  const bookmarks = text('allowWatchBookmarks');
  if (bookmarks !== undefined) options.allowWatchBookmarks = parseBool('allowWatchBookmarks', bookmarks);
  return options;
}

/** WriteOptions are the query parameters shared by create, update, patch and delete. */
export interface WriteOptions {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: RequestContext['fieldValidation'];
  force?: boolean;
}

const FIELD_VALIDATION_VALUES = ['Ignore', 'Strict', 'Warn'] as const;

/**
 * parseWriteOptions reads dryRun, fieldManager, fieldValidation and force. `optionsKind` names the
 * options type in validation errors (CreateOptions, UpdateOptions, PatchOptions).
 */
export function parseWriteOptions(query: URLSearchParams, optionsKind: string): WriteOptions {
  const dryRunValues = query.getAll('dryRun');
  const unsupportedDryRun = dryRunValues.filter((v) => v !== 'All');
  if (unsupportedDryRun.length > 0) {
    throw errors.invalid('meta.k8s.io', optionsKind, '', [
      {
        type: 'FieldValueNotSupported',
        field: 'dryRun',
        detail: `Unsupported value: ${goStringSliceLiteral(dryRunValues).text}: supported values: "All"`,
      },
    ]);
  }
  const fieldValidation = query.get('fieldValidation') ?? '';
  if (fieldValidation !== '' && !(FIELD_VALIDATION_VALUES as readonly string[]).includes(fieldValidation)) {
    throw errors.invalid('meta.k8s.io', optionsKind, '', [
      {
        type: 'FieldValueNotSupported',
        field: 'fieldValidation',
        detail: `Unsupported value: ${JSON.stringify(fieldValidation)}: supported values: "Ignore", "Strict", "Warn"`,
      },
    ]);
  }
  const fieldManager = query.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw errors.invalid('meta.k8s.io', optionsKind, '', [
      {
        type: 'FieldValueTooLong',
        field: 'fieldManager',
        detail: 'Too long: may not be more than 128 bytes',
      },
    ]);
  }
  const options: WriteOptions = {
    dryRun: dryRunValues.length > 0,
    // The apiserver's default directive when the client sends none is Warn.
    fieldValidation: (fieldValidation || 'Warn') as WriteOptions['fieldValidation'],
  };
  if (fieldManager) options.fieldManager = fieldManager;
  const force = query.get('force');
  if (force !== null) options.force = parseBool('force', force);
  return options;
}

const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'] as const;

/**
 * parseDeleteOptions merges a DeleteOptions body (JSON, may be empty) with the query parameters
 * (gracePeriodSeconds, propagationPolicy, dryRun, orphanDependents); the body wins, as in the apiserver.
 */
export function parseDeleteOptions(query: URLSearchParams, body: Uint8Array): DeleteOptions {
  const options: DeleteOptions = {};
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null && grace !== '') options.gracePeriodSeconds = parseInteger('gracePeriodSeconds', grace);
  const policy = query.get('propagationPolicy');
  if (policy) options.propagationPolicy = checkPolicy(policy);
  if (query.get('orphanDependents') === 'true' && !options.propagationPolicy)
    options.propagationPolicy = 'Orphan';
  const dryRun = query.getAll('dryRun');
  if (dryRun.length > 0) options.dryRun = dryRun;

  const text = new TextDecoder().decode(body).trim();
  if (text) {
    const value = parseJsonText(text, (m) => `couldn't get version/kind; json parse error: ${m}`);
    if (!isPlainObject(value))
      throw errors.badRequest('json: cannot unmarshal into Go value of type v1.DeleteOptions');
    if (typeof value.gracePeriodSeconds === 'number') options.gracePeriodSeconds = value.gracePeriodSeconds;
    if (typeof value.propagationPolicy === 'string')
      options.propagationPolicy = checkPolicy(value.propagationPolicy);
    if (value.orphanDependents === true && !options.propagationPolicy) options.propagationPolicy = 'Orphan';
    if (isPlainObject(value.preconditions)) {
      const pre: { uid?: string; resourceVersion?: string } = {};
      if (typeof value.preconditions.uid === 'string') pre.uid = value.preconditions.uid;
      if (typeof value.preconditions.resourceVersion === 'string')
        pre.resourceVersion = value.preconditions.resourceVersion;
      options.preconditions = pre;
    }
    if (Array.isArray(value.dryRun))
      options.dryRun = value.dryRun.filter((v): v is string => typeof v === 'string');
  }
  if (options.dryRun?.some((v) => v !== 'All')) {
    throw errors.invalid('meta.k8s.io', 'DeleteOptions', '', [
      {
        type: 'FieldValueNotSupported',
        field: 'dryRun',
        detail: `Unsupported value: ${JSON.stringify(options.dryRun)}: supported values: "All"`,
      },
    ]);
  }
  if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0)
    options.gracePeriodSeconds = 1;
  return options;
}

function checkPolicy(policy: string): DeleteOptions['propagationPolicy'] {
  if ((PROPAGATION_POLICIES as readonly string[]).includes(policy))
    return policy as DeleteOptions['propagationPolicy'];
  throw errors.invalid('meta.k8s.io', 'DeleteOptions', '', [
    {
      type: 'FieldValueNotSupported',
      field: 'propagationPolicy',
      detail: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"`,
    },
  ]);
}

/** includeObjectOf reads the Table `includeObject` parameter (default Metadata). */
export function includeObjectOf(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const value = query.get('includeObject');
  if (value === 'None' || value === 'Object' || value === 'Metadata') return value;
  if (value)
    throw errors.badRequest(
      `includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "Metadata", "None", "Object"`,
    );
  return 'Metadata';
}

/** PRINTABLE matches the runes Go's unicode.IsPrint accepts: letters, marks, numbers, punctuation, symbols, ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * managerFromUserAgent is the field manager the apiserver records when a write names none
 * (prefixFromUserAgent): the User-Agent up to its first `/` (`kubectl/v1.32.4 (linux/amd64) …` →
 * `kubectl`), without non-printable characters, cut once 128 bytes are written.
 */
export function managerFromUserAgent(userAgent: string | null): string {
  if (!userAgent) return '';
  let out = '';
  let bytes = 0;
  for (const rune of userAgent.split('/')[0]!) {
    if (!PRINTABLE.test(rune)) continue;
    if (bytes >= 128) break;
    out += rune;
    bytes += Buffer.byteLength(rune);
  }
  return out;
}
