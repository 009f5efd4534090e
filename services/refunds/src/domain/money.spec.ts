import { percentOf, priceShare } from './money';

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

  it('computes a store-credit bonus half up', () => {
    expect(percentOf(1050, 10)).toBe(105);
    expect(percentOf(1055, 10)).toBe(106);
    expect(percentOf(1054, 10)).toBe(105);
    expect(percentOf(0, 10)).toBe(0);
  });
});
