/**
 * Canonical quantity strings, as apimachinery `resource.Quantity.String()` prints them in the
 * CAPACITY, REQUEST/LIMIT and TARGETS cells: `1000m` prints `1`, `1.5Gi` prints `1536Mi`, `1000`
 * prints `1k`. The table printers only need the canonical text, not quantity arithmetic.
 */

const DECIMAL_SI_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SI_SUFFIXES: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SI_BY_EXPONENT = new Map(Object.entries(DECIMAL_SI_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SI_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|([numkMGTPE]|[KMGTPE]i)?)$/;
const NANO = 10n ** 9n;

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/**
 * formatQuantity returns the canonical form of a quantity given as a string or a number (JSON
 * numbers are valid quantities). Values are rounded up to nano precision like ParseQuantity does.
 * Text that is not a valid quantity is returned unchanged, so a cell never hides what is stored.
 */
export function formatQuantity(value: unknown): string {
  if (value === undefined || value === null) return '0';
  const text = typeof value === 'number' ? String(value) : String(value).trim();
  const match = QUANTITY.exec(text);
  if (!match) return String(value);
  const [, sign, whole = '', fraction = '', exponentSuffix, suffix = ''] = match;
  if (whole === '' && fraction === '') return String(value);

  let format: QuantityFormat = 'DecimalSI';
  let decimalExponent = 0;
  let binaryPower = 0;
  if (exponentSuffix !== undefined) {
    format = 'DecimalExponent';
    decimalExponent = Number(exponentSuffix.slice(1));
  } else if (suffix in BINARY_SI_SUFFIXES) {
    format = 'BinarySI';
    binaryPower = BINARY_SI_SUFFIXES[suffix] ?? 0;
  } else {
    decimalExponent = DECIMAL_SI_SUFFIXES[suffix] ?? 0;
  }

  // The value as an exact rational numerator / 10^denominatorDigits, then scaled to nano units.
  let numerator = BigInt(whole + fraction || '0') * 1024n ** BigInt(binaryPower);
  let denominatorDigits = fraction.length - decimalExponent - 9;
  if (denominatorDigits < 0) {
    numerator *= 10n ** BigInt(-denominatorDigits);
    denominatorDigits = 0;
  }
  const denominator = 10n ** BigInt(denominatorDigits);
  // Round away from zero to nano precision (inf.RoundUp in ParseQuantity).
  let nanos = numerator / denominator + (numerator % denominator === 0n ? 0n : 1n);
  if (nanos === 0n) return '0';
  if (sign === '-') nanos = -nanos;
  return canonical(nanos, format);
}

/** canonical mirrors Quantity.CanonicalizeBytes for a value expressed in nano units. */
function canonical(nanos: bigint, format: QuantityFormat): string {
  const abs = nanos < 0n ? -nanos : nanos;
  if (format === 'BinarySI') {
    // Small or fractional binary quantities print as decimal SI to avoid rounding (upstream rule).
    if (abs < 1024n * NANO || abs % NANO !== 0n) return decimalCanonical(nanos, 'DecimalSI');
    let amount = nanos / NANO;
    let power = 0;
    while (amount % 1024n === 0n && power < BINARY_SI_BY_POWER.length - 1) {
      amount /= 1024n;
      power++;
    }
    return `${amount}${BINARY_SI_BY_POWER[power]}`;
  }
  return decimalCanonical(nanos, format);
}

/** decimalCanonical strips trailing zeros into an exponent that is a multiple of 3, then adds the suffix. */
function decimalCanonical(nanos: bigint, format: 'DecimalSI' | 'DecimalExponent'): string {
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const extra = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(extra);
  exponent -= extra;
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_SI_BY_EXPONENT.get(exponent);
  // Beyond exa there is no SI suffix; fall back to exponent notation rather than lose magnitude.
  return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
}
