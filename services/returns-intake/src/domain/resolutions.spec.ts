import type { LineResolution } from '@rebound/contracts';
import type { LineAssessment, ReturnAssessment } from './policy/return-policy';
import { awaitsRefund, quotedWith } from './resolutions';

function line(lineId: string, unitPriceMinor: number, restockingFeeMinor: number): LineAssessment {
  return {
    lineId,
    sku: `SKU-${lineId}`,
    category: 'apparel',
    quantity: 1,
    reasonCode: 'wrong_size',
    unitPriceMinor,
    eligible: true,
    problems: [],
    returnableQuantity: 1,
    windowEndsAt: null,
    allowedMethods: ['mail_back'],
    valueMinor: unitPriceMinor,
    restockingFeePercent: 0,
    restockingFeeMinor,
  };
}

const shirt = line('shirt', 3000, 300);
const socks = line('socks', 700, 0);
const assessment = {
  lines: [shirt, socks],
  fees: { restockingFeeMinor: 300, returnShippingFeeMinor: 495 },
  expectedRefundMinor: 3000 - 300 + 700 - 495,
} as unknown as ReturnAssessment;

const exchangeAt = (unitPriceMinor: number): LineResolution => ({
  kind: 'exchange',
  replacement: { sku: 'SKU-OTHER', productId: 'p', quantity: 1, unitPriceMinor },
});
const keep: LineResolution = { kind: 'keep' };
const quote = (...resolutions: (LineResolution | null)[]) =>
  quotedWith(
    assessment,
    resolutions.map((resolution) => ({ resolution, fallbacks: [] })),
  );

describe("the quote with the customer's choices", () => {
  it('is unchanged when nothing is chosen', () => {
    expect(quote(null, null)).toMatchObject({ expectedRefundMinor: 2905, fees: assessment.fees });
  });

  it("pays a kept line its refundable value, and an exchanged line only a cheaper replacement's surplus, with no return shipping when no line is refunded", () => {
    expect(quote(exchangeAt(2500), keep).expectedRefundMinor).toBe(500 + 700);
    expect(quote(exchangeAt(3500), keep).expectedRefundMinor).toBe(700);
  });

  it('withholds restocking fees only from refunded and kept lines', () => {
    expect(quote(exchangeAt(3000), null).fees.restockingFeeMinor).toBe(0);
    expect(quote(null, exchangeAt(700)).fees.restockingFeeMinor).toBe(300);
  });

  it('charges no return shipping when every line is kept, and never quotes below nothing', () => {
    expect(quote(keep, keep)).toMatchObject({
      expectedRefundMinor: 2700 + 700,
      fees: { returnShippingFeeMinor: 0 },
    });
    expect(quote(exchangeAt(3000), exchangeAt(700)).expectedRefundMinor).toBe(0);
  });
});

describe('awaitsRefund', () => {
  const lineWith = (resolution: LineResolution | null) => ({ ...shirt, resolution });

  it('waits for a refund for a refunded, kept or cheaper-exchanged line, not for even or dearer exchanges', () => {
    expect(awaitsRefund([lineWith(null)])).toBe(true);
    expect(awaitsRefund([lineWith(keep)])).toBe(true);
    expect(awaitsRefund([lineWith(exchangeAt(2999))])).toBe(true);
    expect(awaitsRefund([lineWith(exchangeAt(3000)), lineWith(exchangeAt(4000))])).toBe(false);
  });
});
