/**
 * Money is an integer of minor units (cents) with its currency. Every product with a fraction or a
 * percentage is computed exactly, in integers, and rounded once, half up — never through a float,
 * where 0.35 × 10 is 3.4999….
 */

/** Parts per million: a fraction from the contracts (at most six decimals matter) as an exact integer. */
const PPM = 1_000_000n;

export function fractionInPpm(fraction: number): bigint {
  if (!(fraction >= 0 && fraction <= 1))
    throw new RangeError(`a refundable fraction is between 0 and 1, not ${fraction}`);
  return BigInt(Math.round(fraction * 1_000_000));
}

/** Half up: `numerator / denominator` rounded to the nearest integer, .5 away from zero (all inputs ≥ 0). */
function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** unitPrice × quantity × fraction, rounded half up to a minor unit. */
export function priceShare(unitPriceMinor: number, quantity: number, fraction: number): number {
  return roundHalfUp(BigInt(unitPriceMinor) * BigInt(quantity) * fractionInPpm(fraction), PPM);
}

/** `percent` % (a whole number) of an amount, rounded half up to a minor unit: a fee, a bonus. */
export function percentOf(amountMinor: number, percent: number): number {
  if (!Number.isInteger(percent) || percent < 0)
    throw new RangeError(`a percentage is a whole number ≥ 0, not ${percent}`);
  return roundHalfUp(BigInt(amountMinor) * BigInt(percent), 100n);
}

/** The sum of amounts of minor units. */
export function sumMinor(amounts: Iterable<number>): number {
  let sum = 0;
  for (const amount of amounts) sum += amount;
  return sum;
}

/**
 * An amount for people to read, `12.50 EUR`: as many decimals as the currency has minor units
 * (none for JPY, three for KWD), computed in integers.
 */
export function formatMinor(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const whole = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, '0');
  const major = digits === 0 ? whole : `${whole.slice(0, -digits)}.${whole.slice(-digits)}`;
  return `${sign}${major} ${currency}`;
}

function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
