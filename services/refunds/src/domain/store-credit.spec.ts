import { balanceAfter, reversible } from './store-credit';

describe('store credit', () => {
  it('adds issued credit and its bonus, and takes redemptions, reversals and expiries', () => {
    expect(balanceAfter(0, { kind: 'issued', amountMinor: 19002 })).toBe(19002);
    expect(balanceAfter(19002, { kind: 'bonus', amountMinor: 1900 })).toBe(20902);
    expect(balanceAfter(20902, { kind: 'redeemed', amountMinor: -20902 })).toBe(0);
    expect(balanceAfter(500, { kind: 'reversed', amountMinor: -200 })).toBe(300);
    expect(balanceAfter(300, { kind: 'expired', amountMinor: -300 })).toBe(0);
  });

  it('never lets a change take the balance below zero', () => {
    expect(() => balanceAfter(499, { kind: 'redeemed', amountMinor: -500 })).toThrow(RangeError);
  });

  it('refuses a change that goes the wrong way for its kind, or changes nothing', () => {
    expect(() => balanceAfter(100, { kind: 'issued', amountMinor: -1 })).toThrow(RangeError);
    expect(() => balanceAfter(100, { kind: 'redeemed', amountMinor: 1 })).toThrow(RangeError);
    expect(() => balanceAfter(100, { kind: 'bonus', amountMinor: 0 })).toThrow(RangeError);
    expect(() => balanceAfter(100, { kind: 'issued', amountMinor: 0.5 })).toThrow(RangeError);
  });

  it('claws back all that is wanted when the balance holds it, else only what it holds', () => {
    expect(reversible(1000, 300)).toBe(300);
    expect(reversible(200, 300)).toBe(200);
    expect(reversible(0, 300)).toBe(0);
  });
});
