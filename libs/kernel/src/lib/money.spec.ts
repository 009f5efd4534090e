import { formatMinor, percentOf, priceShare } from './money';

describe('money', () => {
  it('rounds a share of a price half up, exactly, where floats would round down', () => {
    // 0.35 × 10 in floating point is 3.4999999999999996.
    expect(priceShare(10, 1, 0.35)).toBe(4);
    expect(priceShare(999, 1, 0.5)).toBe(500);
    expect(priceShare(1999, 3, 0.7)).toBe(4198);
    expect(priceShare(1, 1, 0.49)).toBe(0);
  });

  it('pays a whole line at fraction 1 and nothing at 0', () => {
    expect(priceShare(4999, 2, 1)).toBe(9998);
    expect(priceShare(4999, 2, 0)).toBe(0);
  });

  it('keeps exact integers for amounts far beyond a float’s 2^53', () => {
    expect(priceShare(9_000_000_000, 1000, 0.333333)).toBe(2_999_997_000_000);
  });

  it('computes a fee or a store-credit bonus half up', () => {
    expect(percentOf(2999, 10)).toBe(300); // 299.9
    expect(percentOf(2995, 10)).toBe(300); // 299.5 rounds up
    expect(percentOf(1050, 10)).toBe(105);
    expect(percentOf(1055, 10)).toBe(106);
    expect(percentOf(1054, 10)).toBe(105);
    expect(percentOf(0, 10)).toBe(0);
  });

  it('refuses a percentage that is not a whole number rather than rounding it through a float', () => {
    expect(() => percentOf(1000, 12.5)).toThrow(RangeError);
  });

  it('writes an amount with the currency’s own number of decimals', () => {
    expect(formatMinor(1250, 'EUR')).toBe('12.50 EUR');
    expect(formatMinor(5, 'USD')).toBe('0.05 USD');
    expect(formatMinor(1250, 'JPY')).toBe('1250 JPY');
    expect(formatMinor(1250, 'KWD')).toBe('1.250 KWD');
    expect(formatMinor(-1999, 'GBP')).toBe('-19.99 GBP');
  });
});
