/**
 * Quantity is k8s.io/apimachinery resource.Quantity: exact decimal arithmetic on `<number><suffix>`
 * strings (`500m`, `1.5`, `128Mi`, `1e3`), with the canonical form the API server stores after decoding
 * (`0.5` → `500m`, `1024Mi` → `1Gi`, `1000` → `1k`, `1536Mi` stays `1536Mi`).
 */

/** QuantityFormat is resource.Format: how a quantity was written and will be printed. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** QUANTITY_FORMAT_ERROR is resource.ErrFormatWrong's text. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** QUANTITY_NUMERIC_ERROR is resource.ErrNumeric's text. */
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
/** QUANTITY_SUFFIX_ERROR is resource.ErrSuffix's text. */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/** QuantityError is thrown for unparsable quantities; its message is the upstream error text. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const DECIMAL_SUFFIXES: Record<string, number> = {
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
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** Quantity is an immutable exact value `mantissa × 10^exponent` with its format. */
export class Quantity {
  private constructor(
    private readonly mantissa: bigint,
    private readonly exponent: number,
    readonly format: QuantityFormat,
  ) {}

  /** of builds a normalised quantity (trailing zeros folded into the exponent). */
  private static of(mantissa: bigint, exponent: number, format: QuantityFormat): Quantity {
    if (mantissa === 0n) return new Quantity(0n, 0, format);
    let m = mantissa;
    let e = exponent;
    while (m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    return new Quantity(m, e, format);
  }

  /** parse is resource.ParseQuantity; values below 1n are rounded up to nano precision, like Go. */
  static parse(input: string | number): Quantity {
    const text = typeof input === 'number' ? String(input) : input;
    if (text.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
    const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
    if (!match || (match[2] === '' && (match[3] ?? '') === ''))
      throw new QuantityError(QUANTITY_FORMAT_ERROR);
    const [, sign, whole, fraction = '', suffix] = match;
    if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw new QuantityError(QUANTITY_FORMAT_ERROR);

    let mantissa = BigInt(`${whole}${fraction}` || '0');
    if (sign === '-') mantissa = -mantissa;
    let exponent = -fraction.length;
    let format: QuantityFormat;
    if (suffix in DECIMAL_SUFFIXES) {
      format = 'DecimalSI';
      exponent += DECIMAL_SUFFIXES[suffix];
    } else if (suffix in BINARY_SUFFIXES) {
      format = 'BinarySI';
      mantissa *= 1n << BigInt(BINARY_SUFFIXES[suffix]);
    } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
      format = 'DecimalExponent';
      exponent += Number.parseInt(suffix.slice(1), 10);
    } else {
      throw new QuantityError(QUANTITY_SUFFIX_ERROR);
    }
    return Quantity.of(mantissa, exponent, format).roundUp(-9);
  }

  /** fromMillis builds a DecimalSI quantity from a milli value (e.g. CPU). */
  static fromMillis(millis: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return Quantity.of(BigInt(millis), -3, format);
  }

  /** fromInt builds a quantity from an integer value (e.g. bytes). */
  static fromInt(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return Quantity.of(BigInt(value), 0, format);
  }

  /** isZero tells whether the value is 0. */
  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** sign returns -1, 0 or 1. */
  sign(): number {
    return this.mantissa === 0n ? 0 : this.mantissa < 0n ? -1 : 1;
  }

  /** cmp compares values: -1, 0 or 1. */
  cmp(other: Quantity): number {
    const e = Math.min(this.exponent, other.exponent);
    const a = this.mantissa * pow10(this.exponent - e);
    const b = other.mantissa * pow10(other.exponent - e);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** add returns this + other, keeping this quantity's format (Quantity.Add). */
  add(other: Quantity): Quantity {
    const e = Math.min(this.exponent, other.exponent);
    const sum = this.mantissa * pow10(this.exponent - e) + other.mantissa * pow10(other.exponent - e);
    return Quantity.of(sum, e, this.isZero() && this.format === 'DecimalSI' ? other.format : this.format);
  }

  /** sub returns this - other, keeping this quantity's format. */
  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  /** neg returns -this. */
  neg(): Quantity {
    return Quantity.of(-this.mantissa, this.exponent, this.format);
  }

  /** roundUp rounds away from zero to 10^scale (Quantity.RoundUp); defaulting uses scale -3. */
  roundUp(scale: number): Quantity {
    if (this.exponent >= scale) return this;
    const divisor = pow10(scale - this.exponent);
    let m = this.mantissa / divisor;
    if (this.mantissa % divisor !== 0n) m += this.mantissa < 0n ? -1n : 1n;
    return Quantity.of(m, scale, this.format);
  }

  /** scaledValue returns ceil(value × 10^-scale) as a bigint, rounding away from zero (ScaledValue). */
  scaledValue(scale: number): bigint {
    return this.roundUp(scale).mantissaAt(scale);
  }

  private mantissaAt(scale: number): bigint {
    return this.exponent >= scale ? this.mantissa * pow10(this.exponent - scale) : this.mantissa;
  }

  /** toMillis is MilliValue(): the value in thousandths, rounded up (CPU millicores). */
  toMillis(): number {
    return Number(this.scaledValue(-3));
  }

  /** toBytes is Value(): the integer value rounded up (bytes for memory and storage). */
  toBytes(): number {
    return Number(this.scaledValue(0));
  }

  /** toNumber is AsApproximateFloat64(). */
  toNumber(): number {
    return Number(this.mantissa) * 10 ** this.exponent;
  }

  /** toString is the canonical form (Quantity.String / CanonicalizeBytes). */
  toString(): string {
    if (this.mantissa === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const isInteger = this.exponent >= 0;
      const small = this.cmp(Quantity.fromInt(-1024)) > 0 && this.cmp(Quantity.fromInt(1024)) < 0;
      // Small or fractional binary quantities print in decimal to avoid rounding (as Go does).
      if (small || !isInteger) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      let n = this.mantissa * pow10(this.exponent);
      let power = 0;
      while (power < BINARY_BY_POWER.length - 1 && n % 1024n === 0n) {
        n /= 1024n;
        power++;
      }
      return `${n}${BINARY_BY_POWER[power]}`;
    }
    // Decimal: the exponent becomes the largest multiple of 3 not above the real one.
    let e3 = Math.floor(this.exponent / 3) * 3;
    if (format === 'DecimalSI') e3 = Math.min(e3, 18);
    const digits = abs(this.mantissa) * pow10(this.exponent - e3);
    const sign = this.mantissa < 0n ? '-' : '';
    if (format === 'DecimalExponent') return `${sign}${digits}${e3 === 0 ? '' : `e${e3}`}`;
    return `${sign}${digits}${DECIMAL_BY_EXPONENT.get(e3) ?? `e${e3}`}`;
  }

  /** toJSON serialises as the canonical string, like Quantity.MarshalJSON. */
  toJSON(): string {
    return this.toString();
  }
}

/** parseQuantity is resource.ParseQuantity (throws QuantityError). */
export function parseQuantity(text: string | number): Quantity {
  return Quantity.parse(text);
}

/** canonicalQuantity returns the canonical string of a quantity as the API server stores it. */
export function canonicalQuantity(text: string | number): string {
  return Quantity.parse(text).toString();
}

/** isQuantity tells whether a value parses as a quantity. */
export function isQuantity(text: unknown): boolean {
  if (typeof text !== 'string' && typeof text !== 'number') return false;
  try {
    Quantity.parse(text);
    return true;
  } catch {
    return false;
  }
}
