import { refundForInspection, type ApprovedTerms } from './refund-amount';

const terms: ApprovedTerms = {
  returnId: 'r1',
  orderId: 'o1',
  customerId: 'c1',
  currency: 'EUR',
  refundMethod: 'original_payment',
  instantRefund: false,
  instantExchange: false,
  storeCreditBonusPercent: 0,
  returnShippingFeeMinor: 495,
  expectedRefundMinor: 0,
  lines: [
    {
      lineId: 'jacket',
      sku: 'JKT',
      quantity: 2,
      orderedQuantity: 2,
      unitPriceMinor: 8999,
      restockingFeeMinor: 500,
      charges: [],
      resolution: { kind: 'refund' },
    },
    {
      lineId: 'scarf',
      sku: 'SCF',
      quantity: 1,
      orderedQuantity: 3,
      unitPriceMinor: 1999,
      restockingFeeMinor: 0,
      charges: [],
      resolution: { kind: 'refund' },
    },
  ],
};

/** Every line's full price is left to refund. */
const fullRoom = () => Number.MAX_SAFE_INTEGER;

describe('refundForInspection', () => {
  it('pays price × accepted units × fraction per line, less the line’s restocking fee, less the shipping fee once', () => {
    const breakdown = refundForInspection(
      terms,
      [
        { lineId: 'jacket', receivedQuantity: 2, refundableFraction: 1 },
        { lineId: 'scarf', receivedQuantity: 1, refundableFraction: 0.5 },
      ],
      fullRoom,
    );
    // jacket 17998 − 500 = 17498, less the 495 shipping fee = 17003; scarf 1999 × 0.5 = 999.5 → 1000.
    expect(breakdown.lines.map((line) => line.refundMinor)).toEqual([17003, 1000]);
    expect(breakdown.totalMinor).toBe(18003);
  });

  it('pays nothing for units that did not arrive, and no restocking fee for a line with none', () => {
    const breakdown = refundForInspection(
      terms,
      [
        { lineId: 'jacket', receivedQuantity: 0, refundableFraction: 1 },
        { lineId: 'scarf', receivedQuantity: 1, refundableFraction: 1 },
      ],
      fullRoom,
    );
    expect(breakdown.lines[0]).toMatchObject({ acceptedQuantity: 0, restockingFeeMinor: 0, refundMinor: 0 });
    expect(breakdown.totalMinor).toBe(1999 - 495);
  });

  it('never pays for more units than the return declared, however many arrived', () => {
    const breakdown = refundForInspection(
      terms,
      [{ lineId: 'scarf', receivedQuantity: 3, refundableFraction: 1 }],
      fullRoom,
    );
    expect(breakdown.lines[1]).toMatchObject({ acceptedQuantity: 1, grossMinor: 1999 });
  });

  it('caps a line at what is left of its capture once earlier returns are counted', () => {
    // Two of the three scarves were refunded by earlier returns: 5997 − 3998 = 1999 is left.
    const breakdown = refundForInspection(
      { ...terms, returnShippingFeeMinor: 0, lines: [{ ...terms.lines[1], quantity: 2 }] },
      [{ lineId: 'scarf', receivedQuantity: 2, refundableFraction: 1 }],
      (lineId) => (lineId === 'scarf' ? 1999 : 0),
    );
    expect(breakdown.lines[0]).toMatchObject({ grossMinor: 3998, capMinor: 1999, refundMinor: 1999 });
  });

  it('never goes below zero when fees exceed what is refundable', () => {
    const breakdown = refundForInspection(
      terms,
      [{ lineId: 'jacket', receivedQuantity: 1, refundableFraction: 0.01 }],
      fullRoom,
    );
    expect(breakdown.totalMinor).toBe(0);
    expect(breakdown.lines[0]).toMatchObject({ grossMinor: 90, restockingFeeMinor: 90, refundMinor: 0 });
  });
});
