import type { ApprovedLine } from './refund-amount';
import { exchangeCredit, returnlessRefund, settleExchange } from './exchange';

const jacket: ApprovedLine = {
  lineId: 'jacket',
  sku: 'SKU-JACKET',
  quantity: 2,
  orderedQuantity: 2,
  unitPriceMinor: 8999,
  restockingFeeMinor: 500,
  charges: [],
  resolution: { kind: 'exchange' },
};

describe('an exchanged line', () => {
  it('is worth its units as declared in an instant exchange, its restocking fee waived', () => {
    expect(exchangeCredit(jacket, 100_000)).toBe(2 * 8999);
  });

  it('is worth the units inspection accepted at the grade’s fraction, rounded half up', () => {
    // 8999 × 1 × 0.35 = 3149.65 → 3150.
    expect(exchangeCredit(jacket, 100_000, { receivedQuantity: 1, refundableFraction: 0.35 })).toBe(3150);
    expect(exchangeCredit(jacket, 100_000, { receivedQuantity: 5, refundableFraction: 1 })).toBe(2 * 8999);
  });

  it('is worth nothing when nothing came back, and never more than is left of its capture', () => {
    expect(exchangeCredit(jacket, 100_000, { receivedQuantity: 0, refundableFraction: 1 })).toBe(0);
    expect(exchangeCredit(jacket, 1000)).toBe(1000);
  });
});

describe('settling an exchange', () => {
  it('moves no money when the replacement costs what the returned units are worth', () => {
    const settled = settleExchange([{ lineId: 'a', creditMinor: 5000, replacementCostMinor: 5000, bonusMinor: 0 }]);
    expect(settled).toMatchObject({ surplusMinor: 0, shortfallMinor: 0, creditMinor: 5000 });
    expect(settled.lines[0]).toMatchObject({ appliedMinor: 5000, surplusMinor: 0, shortfallMinor: 0 });
  });

  it('reckons each line on its own: one line’s surplus does not pay another’s shortfall', () => {
    const settled = settleExchange([
      { lineId: 'cheaper', creditMinor: 5000, replacementCostMinor: 3000, bonusMinor: 100 },
      { lineId: 'dearer', creditMinor: 2000, replacementCostMinor: 4500, bonusMinor: 200 },
    ]);
    expect(
      settled.lines.map((line) => [line.lineId, line.appliedMinor, line.surplusMinor, line.shortfallMinor]),
    ).toEqual([
      ['cheaper', 3000, 2000, 0],
      ['dearer', 2000, 0, 2500],
    ]);
    expect(settled).toMatchObject({ creditMinor: 7000, surplusMinor: 2000, shortfallMinor: 2500, bonusMinor: 300 });
  });
});

describe('a line the customer keeps', () => {
  it('refunds its units less its restocking fee, within what is left of its capture', () => {
    expect(returnlessRefund(jacket, 100_000)).toBe(2 * 8999 - 500);
    expect(returnlessRefund(jacket, 4000)).toBe(4000);
    expect(returnlessRefund({ ...jacket, restockingFeeMinor: 20_000 }, 100_000)).toBe(0);
  });
});
