/**
 * Label selectors as apimachinery's labels.Parse understands them (`a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-joined), with the same error texts, plus conversion from
 * metav1.LabelSelector (matchLabels + matchExpressions) and the printed forms kubectl shows.
 */
import { errors } from './errors';
import { validateLabelValue, validateQualifiedName } from './names';

/** Operator is selection.Operator. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** Requirement is one `key op values` term of a selector. */
export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** LabelSelector is a parsed selector: an AND of requirements (an empty one matches everything). */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  /** matches tells whether a label set satisfies every requirement. */
  matches(labels: Record<string, string> | undefined): boolean;
  /** empty tells whether the selector selects everything. */
  empty(): boolean;
  /** toString renders the selector like labels.Selector.String() (sorted by key). */
  toString(): string;
}

/** LabelSelectorRequirementMeta is metav1.LabelSelectorRequirement. */
export interface LabelSelectorRequirementMeta {
  key: string;
  operator: string;
  values?: string[];
}

/** LabelSelectorMeta is metav1.LabelSelector as JSON. */
export interface LabelSelectorMeta {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementMeta[] | null;
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(labels[r.key]) || r.values.length !== 1) return false;
      const actual = BigInt(labels[r.key]);
      const wanted = BigInt(r.values[0]);
      return r.operator === 'gt' ? actual > wanted : actual < wanted;
    }
  }
}

/** requirementToString is Requirement.String(): values sorted, `in`/`notin` with parentheses. */
export function requirementToString(r: Requirement): string {
  const values = [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** makeSelector wraps requirements (sorted by key, as Go does) into a LabelSelector. */
export function makeSelector(requirements: Requirement[]): LabelSelector {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    matches(labels) {
      const set = labels ?? {};
      return sorted.every((r) => requirementMatches(r, set));
    },
    empty() {
      return sorted.length === 0;
    },
    toString() {
      return sorted.map(requirementToString).join(',');
    },
  };
}

/** NOTHING matches no object (a nil metav1.LabelSelector converts to it). */
export const NOTHING: LabelSelector = {
  requirements: [],
  matches: () => false,
  empty: () => false,
  toString: () => '',
};

/** EVERYTHING matches every object. */
export const EVERYTHING: LabelSelector = makeSelector([]);

// ---- lexer ---------------------------------------------------------------------------------------

type Token =
  'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Item {
  tok: Token;
  literal: string;
}

const KEYWORDS: Record<string, Token> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

/** lex tokenises a selector the way labels.Lexer does (greedy operators, keywords `in`/`notin`). */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', literal: '' });
      return items;
    }
    if (isSpecial(s[pos])) {
      // Longest known operator wins; an unknown symbol sequence is an error token.
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buffer += s[pos];
        const tok = KEYWORDS[buffer];
        if (tok) {
          last = { tok, literal: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = '';
    while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) buffer += s[pos++];
    const keyword = KEYWORDS[buffer];
    items.push({ tok: keyword ?? 'identifier', literal: buffer });
  }
}

// ---- parser --------------------------------------------------------------------------------------

class SelectorSyntaxError extends Error {}

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'].join(', ');

/** invalidValue renders an apimachinery field.Invalid error at a nil or named path. */
function invalidValue(path: string, value: string, messages: string[]): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${messages.join('; ')}`;
}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In value context the keywords `in`/`notin` are plain identifiers. */
  private lookahead(values: boolean): Item {
    const item = this.items[this.position];
    return values && (item.tok === 'in' || item.tok === 'notin') ? { ...item, tok: 'identifier' } : item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead(true);
      if (tok === 'identifier' || tok === '!') {
        try {
          requirements.push(this.parseRequirement());
        } catch (err) {
          throw new SelectorSyntaxError(`unable to parse requirement: ${(err as Error).message}`);
        }
        const next = this.consume(true);
        if (next.tok === 'eos') return requirements;
        if (next.tok === ',') {
          const after = this.lookahead(true);
          if (after.tok !== 'identifier' && after.tok !== '!') {
            throw new SelectorSyntaxError(`found '${after.literal}', expected: identifier after ','`);
          }
          continue;
        }
        throw new SelectorSyntaxError(`found '${next.literal}', expected: ',' or 'end of string'`);
      }
      if (tok === 'eos') return requirements;
      throw new SelectorSyntaxError(`found '${literal}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): Requirement {
    let item = this.consume(true);
    let operator: Operator | undefined;
    if (item.tok === '!') {
      operator = '!';
      item = this.consume(true);
    }
    if (item.tok !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    const keyErrors = validateQualifiedName(key);
    // Go validates the key at a nil field path, which prints as "<nil>".
    if (keyErrors.length) throw new Error(invalidValue('<nil>', key, keyErrors));
    // `!key` is complete on its own: Go returns the DoesNotExist requirement without looking further, so
    // `!a=b` fails afterwards on the unexpected `=`.
    if (operator === '!') return { key, operator, values: [] };
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return { key, operator: 'exists', values: [] };
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    const sorted = [...new Set(values)].sort();
    const errs: string[] = [];
    if ((op === 'gt' || op === 'lt') && !/^[+-]?\d+$/.test(sorted[0] ?? '')) {
      errs.push(
        invalidValue('values[0]', sorted[0] ?? '', [
          "for 'Gt', 'Lt' operators, the value must be an integer",
        ]),
      );
    }
    sorted.forEach((v, i) => {
      const valueErrors = validateLabelValue(v);
      if (valueErrors.length) errs.push(invalidValue(`values[${i}][${key}]`, v, valueErrors));
    });
    if (errs.length === 1) throw new Error(errs[0]);
    if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
    return { key, operator: op, values: sorted };
  }

  private parseOperator(): Operator {
    const { tok, literal } = this.consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${literal}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') throw new Error(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead(true);
    if (tok === 'identifier' || tok === ',') {
      const values = this.parseIdentifiersList();
      if (this.consume(true).tok !== ')') throw new Error(`found '${literal}', expected: ')'`);
      return values;
    }
    if (tok === ')') {
      this.consume(true);
      return [''];
    }
    throw new Error(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(true);
      if (tok === 'identifier') {
        values.add(literal);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return [...values];
        throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        // Empty values are allowed: `(,a)`, `(a,)`, `(a,,b)`.
        if (values.size === 0) values.add('');
        const next = this.lookahead(true);
        if (next.tok === ')') {
          values.add('');
          return [...values];
        }
        if (next.tok === ',') {
          this.consume(true);
          values.add('');
        }
        continue;
      }
      throw new Error(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead(true);
    if (next.tok === 'eos' || next.tok === ',') return [''];
    const item = this.consume(true);
    if (item.tok === 'identifier') return [item.literal];
    throw new Error(`found '${item.literal}', expected: identifier`);
  }
}

/**
 * parseLabelSelector is labels.Parse. It throws a 400 BadRequest StatusError whose message is the Go
 * error text (what the API server answers for a bad `labelSelector` query parameter).
 */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return makeSelector(new Parser(lex(text)).parse());
  } catch (err) {
    if (err instanceof SelectorSyntaxError) throw errors.badRequest(err.message);
    throw err;
  }
}

/**
 * labelSelectorFromMeta is metav1.LabelSelectorAsSelector: nil selects nothing, an empty selector selects
 * everything. Invalid operators or keys throw a 400 StatusError.
 */
export function labelSelectorFromMeta(sel: LabelSelectorMeta | null | undefined): LabelSelector {
  if (sel == null) return NOTHING;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    requirements.push({ key, operator: '=', values: [value] });
  }
  for (const expr of sel.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])];
    switch (expr.operator) {
      case 'In':
        requirements.push({ key: expr.key, operator: 'in', values });
        break;
      case 'NotIn':
        requirements.push({ key: expr.key, operator: 'notin', values });
        break;
      case 'Exists':
        requirements.push({ key: expr.key, operator: 'exists', values: [] });
        break;
      case 'DoesNotExist':
        requirements.push({ key: expr.key, operator: '!', values: [] });
        break;
      default:
        throw errors.badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    }
  }
  return makeSelector(requirements);
}

/** selectorFromSet is labels.SelectorFromSet: equality on every entry (Service and RC selectors). */
export function selectorFromSet(set: Record<string, string> | null | undefined): LabelSelector {
  return makeSelector(
    Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=', values: [value] })),
  );
}

/**
 * formatLabelSelector is metav1.FormatLabelSelector, used by kubectl's SELECTOR columns: `<none>` for an
 * empty or nil selector, `<error>` when it cannot be converted, otherwise the selector string.
 */
export function formatLabelSelector(sel: LabelSelectorMeta | null | undefined): string {
  let selector: LabelSelector;
  try {
    selector = labelSelectorFromMeta(sel);
  } catch {
    return '<error>';
  }
  const text = selector.toString();
  return text.length === 0 ? '<none>' : text;
}

/** formatLabels is labels.FormatLabels (kubectl's LABELS column): `a=b,c=d` sorted, or `<none>`. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** selectorFromLabelSelector is an alias of labelSelectorFromMeta (metav1.LabelSelectorAsSelector). */
export const selectorFromLabelSelector = labelSelectorFromMeta;
