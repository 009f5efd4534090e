import { Order } from '../order';
import { parsePolicyDocument, InvalidPolicyError } from './policy-document';
import { ReturnPolicy, ReturnProposal } from './return-policy';
import demoPolicy from '../../../policy/default-policy.json';
import { ORDER_LINES } from '../../../test/support/orders';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-06-30T12:00:00Z');
const policy = new ReturnPolicy(3, parsePolicyDocument(demoPolicy));

function order(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'order-1',
    customerId: 'customer-1',
    loyaltyTier: null,
    currency: 'EUR',
    shippingRegion: 'DE',
    placedAt: new Date(now.getTime() - 20 * DAY),
    deliveredAt: new Date(now.getTime() - 10 * DAY),
    lines: [...ORDER_LINES],
    payments: [],
    ...overrides,
  };
}

function proposal(overrides: Partial<ReturnProposal> = {}): ReturnProposal {
  return {
    order: order(),
    lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'wrong_size' }],
    method: 'mail_back',
    refundMethod: 'original_payment',
    hasPickupDetails: false,
    alreadyReturned: new Map(),
    customerHistory: { deliveredOrders: 1, ordersWithReturns: 0 },
    now,
    ...overrides,
  };
}

describe('ReturnPolicy.assess', () => {
  it('charges the reason’s restocking fee and the shipping fee, and quotes the rest as the refund', () => {
    const assessment = policy.assess(
      proposal({ lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'changed_mind' }] }),
    );
    expect(assessment.outcome).toBe('approved');
    expect(assessment.fees).toEqual({ restockingFeeMinor: 600, returnShippingFeeMinor: 495 });
    expect(assessment.expectedRefundMinor).toBe(2 * 2999 - 600 - 495);
  });

  it('waives the shipping fee when a reason is the seller’s fault', () => {
    const assessment = policy.assess(
      proposal({ lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'damaged', photoUrls: ['https://img/1.jpg'] }] }),
    );
    expect(assessment.fees.returnShippingFeeMinor).toBe(0);
    expect(assessment.expectedRefundMinor).toBe(2999);
  });

  it('never quotes a negative refund', () => {
    const cheap = order({
      lines: [
        { lineId: 'sock', sku: 'SKU-SOCK', category: 'apparel', quantity: 1, unitPriceMinor: 100, finalSale: false },
      ],
    });
    const assessment = policy.assess(
      proposal({ order: cheap, lines: [{ lineId: 'sock', quantity: 1, reasonCode: 'wrong_size' }] }),
    );
    expect(assessment.expectedRefundMinor).toBe(0);
  });

  it('puts the window end on the line: the category override, plus the tier’s extra days', () => {
    const phone = [{ lineId: 'phone', quantity: 1, reasonCode: 'wrong_size' }];
    const standard = policy.assess(proposal({ lines: phone }));
    const silver = policy.assess(proposal({ lines: phone, order: order({ loyaltyTier: 'silver' }) }));
    const delivered = order().deliveredAt!.getTime();
    expect(standard.lines[0].windowEndsAt).toBe(new Date(delivered + 14 * DAY).toISOString());
    expect(silver.lines[0].windowEndsAt).toBe(new Date(delivered + 29 * DAY).toISOString());
  });

  it('decides the same way for the same inputs, so a stored decision can be replayed', () => {
    expect(policy.assess(proposal())).toEqual(policy.assess(proposal()));
  });

  it('intersects the methods of all lines and names the offered ones when the choice is not among them', () => {
    const furniture = order({
      lines: [
        {
          lineId: 'sofa',
          sku: 'SKU-SOFA',
          category: 'furniture',
          quantity: 1,
          unitPriceMinor: 50000,
          finalSale: false,
        },
      ],
    });
    const assessment = policy.assess(
      proposal({
        order: furniture,
        lines: [{ lineId: 'sofa', quantity: 1, reasonCode: 'wrong_size' }],
        method: 'mail_back',
      }),
    );
    expect(assessment.allowedMethods).toEqual(['carrier_pickup', 'curbside_pickup']);
    expect(assessment.outcome).toBe('invalid');
    expect(assessment.problems).toEqual([
      expect.objectContaining({
        code: 'method-not-allowed',
        field: 'method',
        message: expect.stringContaining('carrier_pickup'),
      }),
    ]);
  });

  it('asks for pickup details when a pickup method is chosen without them', () => {
    const assessment = policy.assess(proposal({ method: 'carrier_pickup' }));
    expect(assessment.problems.map((p) => p.code)).toEqual(['pickup-details-required']);
  });

  it('refuses a quantity above what was delivered minus what is already being returned', () => {
    const assessment = policy.assess(
      proposal({
        lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }],
        alreadyReturned: new Map([['shirt', 1]]),
      }),
    );
    expect(assessment.lines[0].returnableQuantity).toBe(1);
    expect(assessment.lines[0].problems).toEqual([
      expect.objectContaining({ kind: 'input', code: 'quantity-exceeds-returnable', field: 'lines[0].quantity' }),
    ]);
  });

  it('sends a customer with a high return rate to review, but auto-approves gold members', () => {
    const history = { deliveredOrders: 5, ordersWithReturns: 4 };
    expect(policy.assess(proposal({ customerHistory: history })).outcome).toBe('pending_review');
    expect(policy.assess(proposal({ customerHistory: { deliveredOrders: 4, ordersWithReturns: 4 } })).outcome).toBe(
      'approved',
    );
    const gold = policy.assess(proposal({ customerHistory: history, order: order({ loyaltyTier: 'gold' }) }));
    expect(gold.outcome).toBe('approved');
    expect(gold.instantRefund).toBe(true);
    expect(gold.fees).toEqual({ restockingFeeMinor: 0, returnShippingFeeMinor: 0 });
  });

  it('carries the pickup attempts and label validity of the policy into the decision', () => {
    expect(policy.assess(proposal()).logistics).toEqual({ maxPickupAttempts: 3, labelValidityDays: 14 });
  });
});

describe('parsePolicyDocument', () => {
  it('names every bad field and every inconsistency of a policy document', () => {
    const broken = {
      ...demoPolicy,
      returnWindowDays: -1,
      reasons: [...demoPolicy.reasons, { ...demoPolicy.reasons[0] }],
      review: { ...demoPolicy.review, autoApprove: { tiers: ['platinum'] } },
      surprise: true,
    };
    expect(violationsOf(broken).map((violation) => violation.field)).toEqual(
      expect.arrayContaining(['returnWindowDays', 'surprise']),
    );
    const consistent = { ...broken, returnWindowDays: 30, surprise: undefined };
    delete consistent.surprise;
    expect(() => parsePolicyDocument(consistent)).toThrow(/reasons\[8\]\.code.*review\.autoApprove\.tiers\[0\]/s);
  });

  it('refuses a policy written before it had pickup terms, and pickup terms out of range, naming the field', () => {
    const { logistics: _, ...withoutLogistics } = demoPolicy;
    expect(violationsOf(withoutLogistics)).toEqual([{ field: 'logistics', message: 'is required' }]);
    const outOfRange = { ...demoPolicy, logistics: { maxPickupAttempts: 11, labelValidityDays: 0 } };
    expect(violationsOf(outOfRange).map((violation) => violation.field)).toEqual([
      'logistics.labelValidityDays',
      'logistics.maxPickupAttempts',
    ]);
  });
});

function violationsOf(document: object) {
  try {
    parsePolicyDocument(document);
  } catch (error) {
    return (error as InvalidPolicyError).violations;
  }
  return [];
}
