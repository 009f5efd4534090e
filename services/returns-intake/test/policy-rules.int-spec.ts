/**
 * Every rule of the return policy as a customer or agent meets it through REST: the return window,
 * what can never be returned, the reasons and the evidence they need, methods by region and category,
 * fees, loyalty perks, manual review, and policy versions. Mostly through the preview (which creates
 * nothing); through opening a return where the stored decision is the point.
 *
 * The tests share one service and run in order: those that replace the policy come last.
 */
import { randomUUID } from 'node:crypto';
import { Topics } from '@rebound/contracts';
import type { JsonAnswer } from '@rebound/testing';
import { useIntakeWorld } from './support/intake-world';
import { TestOrder, deliveredOrder, pickup, putOrder } from './support/orders';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const ALL_METHODS = ['carrier_pickup', 'curbside_pickup', 'in_store_dropoff', 'mail_back'];
const PICKUP_ONLY = ['carrier_pickup', 'curbside_pickup'];
const SHIPPING_FEE = 495;
const PHOTOS = { photoUrls: ['https://img.example/parcel.jpg'] };
const COMMENT = { comment: 'It does not switch on' };

type OrderOverrides = Parameters<typeof deliveredOrder>[0];

/** One unit of an order line returned for a reason; `extra` adds the comment or photos. */
const line = (lineId: string, reasonCode = 'wrong_size', extra: Record<string, unknown> = {}) => ({
  lineId,
  quantity: 1,
  reasonCode,
  ...extra,
});

/** An order line in a category without rules of its own, at the price a test needs. */
const apparel = (lineId: string, unitPriceMinor: number) => ({
  lineId,
  sku: `SKU-${lineId.toUpperCase()}`,
  category: 'apparel',
  quantity: 1,
  unitPriceMinor,
  finalSale: false,
});

const problem = (kind: 'input' | 'eligibility', code: string, field = 'lines[0]') => ({
  kind,
  code,
  field,
  message: expect.any(String),
});

/** One field of every line of a preview, in the order of the request. */
const perLine = (assessment: { lines: Record<string, unknown>[] }, field: string) =>
  assessment.lines.map((assessed) => assessed[field]);

function expectProblem(answer: JsonAnswer, status: number, slug: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body.type).toBe(`https://rebound.dev/problems/${slug}`);
}

const windowEnd = (order: TestOrder, days: number) =>
  new Date(Date.parse(order.deliveredAt!) + days * DAY).toISOString();

describe('the return policy', () => {
  const world = useIntakeWorld('intake-policy');

  const given = (overrides: OrderOverrides = {}) => putOrder(world(), deliveredOrder(overrides));

  async function preview(order: TestOrder, lines: object[], extra: Record<string, unknown> = {}) {
    const answer = await world().http('POST', '/v1/returns/preview', { orderId: order.orderId, lines, ...extra });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  /** The preview of one shirt returned for `reasonCode` from a new order with `overrides`. */
  async function previewShirt(overrides: OrderOverrides = {}, reasonCode = 'wrong_size') {
    const order = await given(overrides);
    return { order, assessment: await preview(order, [line('shirt', reasonCode)]) };
  }

  async function open(order: TestOrder, lines: object[], extra: Record<string, unknown> = {}) {
    return world().http('POST', '/v1/returns', { orderId: order.orderId, lines, method: 'mail_back', ...extra });
  }

  async function openShirt(order: TestOrder, reasonCode = 'wrong_size', extra = {}) {
    const created = await open(order, [line('shirt', reasonCode, extra)]);
    expect(created.status).toBe(201);
    return created.body;
  }

  const returnsOf = async (order: TestOrder) =>
    (await world().http('GET', `/v1/returns?orderId=${order.orderId}`)).body.items;

  describe('return window', () => {
    it('accepts an item 29 days after delivery and refuses it as window-closed 31 days after', async () => {
      const inTime = await previewShirt({ deliveredDaysAgo: 29 });
      expect(inTime.assessment).toMatchObject({
        outcome: 'approved',
        lines: [{ eligible: true, problems: [], windowEndsAt: windowEnd(inTime.order, 30) }],
      });

      const late = await previewShirt({ deliveredDaysAgo: 31 });
      expect(late.assessment.outcome).toBe('rejected');
      expect(late.assessment.lines[0].problems).toEqual([problem('eligibility', 'window-closed')]);
      expect(late.assessment.lines[0].windowEndsAt).toBe(windowEnd(late.order, 30));
    });

    it('closes electronics after 14 days while apparel from the same order can still be returned', async () => {
      const order = await given({ deliveredDaysAgo: 15 });
      const assessment = await preview(order, [line('shirt'), line('phone')]);
      expect(assessment.outcome).toBe('rejected');
      expect(assessment.lines).toEqual([
        expect.objectContaining({ lineId: 'shirt', eligible: true, windowEndsAt: windowEnd(order, 30) }),
        expect.objectContaining({
          lineId: 'phone',
          eligible: false,
          windowEndsAt: windowEnd(order, 14),
          problems: [problem('eligibility', 'window-closed', 'lines[1]')],
        }),
      ]);
    });

    it('refuses a return from an order that has not been delivered yet', async () => {
      const { assessment } = await previewShirt({ deliveredAt: undefined });
      expect(assessment.outcome).toBe('rejected');
      expect(assessment.lines[0]).toMatchObject({
        eligible: false,
        windowEndsAt: null,
        problems: [problem('eligibility', 'not-delivered')],
      });
    });

    it('gives silver members 15 more days: 40 days after delivery they can return what others cannot', async () => {
      const silver = await previewShirt({ deliveredDaysAgo: 40, loyaltyTier: 'silver' });
      expect(silver.assessment.outcome).toBe('approved');
      expect(silver.assessment.lines[0].windowEndsAt).toBe(windowEnd(silver.order, 45));

      const noTier = await previewShirt({ deliveredDaysAgo: 40 });
      expect(noTier.assessment.lines[0].problems).toEqual([problem('eligibility', 'window-closed')]);
    });

    it('gives gold members 30 more days: 55 days after delivery gold can still return, silver cannot', async () => {
      const gold = await previewShirt({ deliveredDaysAgo: 55, loyaltyTier: 'gold' });
      expect(gold.assessment.outcome).toBe('approved');
      expect(gold.assessment.lines[0].windowEndsAt).toBe(windowEnd(gold.order, 60));

      const silver = await previewShirt({ deliveredDaysAgo: 55, loyaltyTier: 'silver' });
      expect(silver.assessment.lines[0].problems).toEqual([problem('eligibility', 'window-closed')]);
    });
  });

  describe('what can never be returned', () => {
    it('refuses gift cards and final-sale items while the rest of the order stays returnable', async () => {
      const order = await given();
      const assessment = await preview(order, [line('card'), line('scarf'), line('shirt')]);
      expect(assessment.outcome).toBe('rejected');
      expect(perLine(assessment, 'problems')).toEqual([
        [problem('eligibility', 'category-not-returnable', 'lines[0]')],
        [problem('eligibility', 'final-sale', 'lines[1]')],
        [],
      ]);
    });

    it('refuses an order paid in a currency the policy does not cover', async () => {
      const { assessment } = await previewShirt({ currency: 'USD' });
      expect(assessment).toMatchObject({ outcome: 'rejected', currency: 'USD' });
      expect(assessment.lines[0].problems).toEqual([problem('eligibility', 'currency-not-supported')]);
    });
  });

  describe('reasons', () => {
    it('asks for a reason code the policy knows', async () => {
      const { assessment } = await previewShirt({}, 'bored_of_it');
      expect(assessment.outcome).toBe('invalid');
      expect(assessment.lines[0].problems).toEqual([problem('input', 'unknown-reason', 'lines[0].reasonCode')]);
    });

    it('asks for photos of a damaged item, a comment on a defective one, and both when not as described', async () => {
      const order = await given();
      const problemsFor = async (reasonCode: string, extra = {}) =>
        (await preview(order, [line('shirt', reasonCode, extra)])).lines[0].problems;

      expect(await problemsFor('damaged')).toEqual([problem('input', 'photos-required', 'lines[0].photoUrls')]);
      expect(await problemsFor('defective')).toEqual([problem('input', 'comment-required', 'lines[0].comment')]);
      expect(await problemsFor('not_as_described')).toEqual([
        problem('input', 'comment-required', 'lines[0].comment'),
        problem('input', 'photos-required', 'lines[0].photoUrls'),
      ]);

      expect(await problemsFor('damaged', PHOTOS)).toEqual([]);
      expect(await problemsFor('defective', COMMENT)).toEqual([]);
      expect(await problemsFor('not_as_described', { ...COMMENT, ...PHOTOS })).toEqual([]);
      // A blank comment says nothing about the defect.
      expect(await problemsFor('defective', { comment: '   ' })).toEqual([
        problem('input', 'comment-required', 'lines[0].comment'),
      ]);
    });

    it('refuses to open a return without the evidence its reasons need, naming each field, and creates nothing', async () => {
      const order = await given();
      const refused = await open(order, [line('shirt', 'damaged'), line('phone', 'not_as_described')]);
      expectProblem(refused, 422, 'return-not-acceptable');
      expect(refused.body.errors).toEqual([
        { field: 'lines[0].photoUrls', code: 'photos-required', message: expect.any(String) },
        { field: 'lines[1].comment', code: 'comment-required', message: expect.any(String) },
        { field: 'lines[1].photoUrls', code: 'photos-required', message: expect.any(String) },
      ]);
      expect(await returnsOf(order)).toEqual([]);
    });
  });

  describe('return methods', () => {
    it('offers all four methods in Germany, no curbside pickup in France, and only mail-back elsewhere', async () => {
      const methodsIn = async (shippingRegion: string) =>
        (await previewShirt({ shippingRegion })).assessment.allowedMethods;

      expect(await methodsIn('DE')).toEqual(ALL_METHODS);
      expect(await methodsIn('DE-BY')).toEqual(ALL_METHODS);
      expect(await methodsIn('FR')).toEqual(['carrier_pickup', 'in_store_dropoff', 'mail_back']);
      expect(await methodsIn('US-CA')).toEqual(['mail_back']);
    });

    it('collects furniture only by pickup, and offers a mixed return only the methods all its items share', async () => {
      const order = await given();
      const sofa = await preview(order, [line('sofa')]);
      expect(sofa.allowedMethods).toEqual(PICKUP_ONLY);

      const mixed = await preview(order, [line('shirt'), line('sofa')]);
      expect(perLine(mixed, 'allowedMethods')).toEqual([ALL_METHODS, PICKUP_ONLY]);
      expect(mixed.allowedMethods).toEqual(PICKUP_ONLY);

      const inFrance = await given({ shippingRegion: 'FR' });
      expect((await preview(inFrance, [line('shirt'), line('sofa')])).allowedMethods).toEqual(['carrier_pickup']);
    });

    it('refuses furniture where no pickup is offered', async () => {
      const order = await given({ shippingRegion: 'US-CA' });
      const assessment = await preview(order, [line('sofa')]);
      expect(assessment).toMatchObject({ outcome: 'rejected', allowedMethods: [] });
      expect(assessment.lines[0].problems).toEqual([problem('eligibility', 'no-return-method')]);
    });

    it('refuses a method that is not offered for the items, naming the field method', async () => {
      const order = await given();
      const mailedSofa = await preview(order, [line('shirt'), line('sofa')], { method: 'mail_back' });
      expect(mailedSofa.outcome).toBe('invalid');
      expect(mailedSofa.problems).toEqual([problem('input', 'method-not-allowed', 'method')]);

      const inFrance = await given({ shippingRegion: 'FR' });
      const refused = await preview(inFrance, [line('shirt')], { method: 'curbside_pickup', pickup });
      expect(refused.problems).toEqual([problem('input', 'method-not-allowed', 'method')]);
    });

    it('asks for a pickup address and time window for carrier and curbside pickup, and accepts them once given', async () => {
      const order = await given();
      for (const method of PICKUP_ONLY) {
        const withoutPickup = await preview(order, [line('sofa')], { method });
        expect(withoutPickup.outcome).toBe('invalid');
        expect(withoutPickup.problems).toEqual([problem('input', 'pickup-details-required', 'pickup')]);

        const withPickup = await preview(order, [line('sofa')], { method, pickup });
        expect(withPickup).toMatchObject({ outcome: 'approved', problems: [] });
      }
      expect((await preview(order, [line('shirt')], { method: 'mail_back' })).problems).toEqual([]);
    });
  });

  describe('fees and the expected refund', () => {
    it('keeps 10% of the price for a change of mind, rounded half up to the cent, and charges shipping once per return', async () => {
      const order = await given({ lines: [apparel('tee', 2005), apparel('socks', 2004), apparel('jeans', 4999)] });
      const assessment = await preview(order, [
        line('tee', 'changed_mind'),
        line('socks', 'changed_mind'),
        line('jeans', 'wrong_size'),
      ]);
      // 200.5 rounds up to 201 (not down, not to even); 200.4 rounds down to 200.
      expect(perLine(assessment, 'restockingFeeMinor')).toEqual([201, 200, 0]);
      expect(assessment.fees).toEqual({ restockingFeeMinor: 401, returnShippingFeeMinor: SHIPPING_FEE });
      expect(assessment.expectedRefundMinor).toBe(2005 + 2004 + 4999 - 401 - SHIPPING_FEE);
    });

    it('waives return shipping when an item arrived damaged, wrong or faulty, but still charges restocking on the rest', async () => {
      const order = await given();
      for (const [reasonCode, evidence] of [
        ['damaged', PHOTOS],
        ['wrong_item', {}],
        ['defective', COMMENT],
      ] as const) {
        const assessment = await preview(order, [line('shirt', reasonCode, evidence)]);
        expect(assessment.fees).toEqual({ restockingFeeMinor: 0, returnShippingFeeMinor: 0 });
        expect(assessment.expectedRefundMinor).toBe(2999);
      }

      const mixed = await preview(order, [line('shirt', 'wrong_item'), line('phone', 'changed_mind')]);
      expect(mixed.fees).toEqual({ restockingFeeMinor: 4990, returnShippingFeeMinor: 0 });
      expect(mixed.expectedRefundMinor).toBe(2999 + 49900 - 4990);
    });

    it('charges gold members no restocking or shipping fee', async () => {
      const order = await given({ loyaltyTier: 'gold' });
      const assessment = await preview(order, [{ ...line('shirt', 'changed_mind'), quantity: 2 }]);
      expect(assessment.lines[0].restockingFeeMinor).toBe(0);
      expect(assessment.fees).toEqual({ restockingFeeMinor: 0, returnShippingFeeMinor: 0 });
      expect(assessment.expectedRefundMinor).toBe(2 * 2999);
    });

    it('quotes a refund of zero, never less, when the fees exceed the price', async () => {
      const order = await given({ lines: [apparel('sock', 300)] });
      const assessment = await preview(order, [line('sock', 'changed_mind')]);
      expect(assessment.fees).toEqual({ restockingFeeMinor: 30, returnShippingFeeMinor: SHIPPING_FEE });
      expect(assessment.expectedRefundMinor).toBe(0);
    });
  });

  describe('loyalty', () => {
    it('refunds gold members as soon as the return is approved, and other members only after inspection', async () => {
      const decisionFor = async (loyaltyTier?: string) => (await openShirt(await given({ loyaltyTier }))).decision;

      expect(await decisionFor('gold')).toMatchObject({ outcome: 'approved', instantRefund: true });
      expect(await decisionFor('silver')).toMatchObject({ outcome: 'approved', instantRefund: false });
      expect(await decisionFor(undefined)).toMatchObject({ outcome: 'approved', instantRefund: false });
    });
  });

  describe('manual review', () => {
    it('holds a return from an order worth more than €2,000 for review, and approves one worth exactly €2,000', async () => {
      const over = await openShirt(await given({ lines: [apparel('shirt', 200001)] }));
      expect(over.status).toBe('pending_review');
      expect(over.decision).toMatchObject({
        outcome: 'pending_review',
        reviewReasons: ['order value 200001 is over the review threshold 200000'],
      });

      const atThreshold = await openShirt(await given({ lines: [apparel('shirt', 200000)] }));
      expect(atThreshold.status).toBe('approved');
      expect(atThreshold.decision.reviewReasons).toEqual([]);
    });

    it('holds a return for review once the customer returned from more than 60% of at least 5 delivered orders', async () => {
      const customerId = `customer-${randomUUID()}`;
      const orders = [await given({ customerId }), await given({ customerId }), await given({ customerId })];
      const fourth = await given({ customerId });
      for (const order of orders) expect((await openShirt(order)).status).toBe('approved');

      // 3 of 4 orders returned is 75%, but 4 delivered orders are too few to judge.
      expect((await preview(fourth, [line('shirt')])).outcome).toBe('approved');

      const fifth = await given({ customerId });
      // 3 of 5 is exactly 60%: not over the limit.
      expect((await openShirt(fourth)).status).toBe('approved');

      const held = await openShirt(fifth);
      expect(held.status).toBe('pending_review');
      expect(held.decision.reviewReasons).toEqual(['customer return rate 0.80 is over 0.6']);
    });

    it('holds a not-as-described return for review', async () => {
      const held = await openShirt(await given(), 'not_as_described', { ...COMMENT, ...PHOTOS });
      expect(held.status).toBe('pending_review');
      expect(held.decision.reviewReasons).toEqual(['reason "not_as_described" always needs review']);
    });

    it('shows the hold for review after the request in the return’s timeline', async () => {
      const held = await openShirt(await given(), 'not_as_described', { ...COMMENT, ...PHOTOS });
      expect(held.timeline).toEqual([
        expect.objectContaining({ type: 'ReturnRequested', statusAfter: 'requested' }),
        expect.objectContaining({ type: 'ReturnHeldForReview', statusAfter: 'pending_review' }),
      ]);
    });

    it('approves gold members at once even when review rules apply', async () => {
      const order = await given({ loyaltyTier: 'gold', lines: [apparel('shirt', 200001)] });
      const approved = await openShirt(order, 'not_as_described', { ...COMMENT, ...PHOTOS });
      expect(approved.status).toBe('approved');
      expect(approved.decision).toMatchObject({ outcome: 'approved', reviewReasons: [], instantRefund: true });
    });
  });

  describe('offers', () => {
    it('offers to keep an item worth less than returning it, with store credit and a refund, and nothing for a refused line', async () => {
      const order = await given({
        lines: [apparel('socks', 700), apparel('coat', 19900), { ...apparel('scarf', 1999), finalSale: true }],
      });
      const assessment = await preview(order, [line('socks'), line('coat'), line('scarf')]);
      const outcomes = (offers: { outcome: string }[]) => offers.map((offer) => offer.outcome);
      expect(perLine(assessment, 'offers').map((offers) => outcomes(offers as { outcome: string }[]))).toEqual([
        ['keep', 'store_credit', 'refund'],
        ['store_credit', 'refund'],
        [],
      ]);
      expect(assessment.lines[0].offers[0]).toEqual({
        outcome: 'keep',
        replacement: null,
        priceDifferenceMinor: 0,
        bonusMinor: 0,
        refundMinor: 700,
        instant: false,
        score: 0,
        explanation: 'Returning costs more than the item is worth: keep it and get €7.00 back',
      });
    });
  });

  describe('policy versions', () => {
    const currentPolicy = async () => (await world().http('GET', '/v1/policy')).body;
    const terms = (policy: { sections: { title: string; terms: string[] }[] }, title: string) =>
      policy.sections.find((section) => section.title === title)?.terms;
    const putPolicy = (policy: Record<string, unknown>) =>
      world().http('PUT', '/v1/policy', { policy, note: 'Holiday season' });

    it('describes the current policy in plain sentences under its version and name', async () => {
      const policy = await currentPolicy();
      expect(policy).toMatchObject({ version: 1, name: 'Rebound demo policy', source: 'file' });
      expect(policy.sections.map((section: { title: string }) => section.title)).toEqual([
        'Return window',
        'Reasons',
        'How to send items back',
        'Fees',
        'Loyalty benefits',
        'Refunds',
        'Review',
        'Exchanges',
      ]);
      expect(terms(policy, 'Return window')).toEqual([
        'You can return items within 30 days of delivery.',
        'Items in "electronics" can be returned within 14 days of delivery.',
        'Items in "gift-cards", "perishables" cannot be returned.',
        'Final-sale items cannot be returned.',
      ]);
      expect(terms(policy, 'Reasons')).toContain('Not as described (not_as_described): needs a comment and photos.');
      expect(terms(policy, 'How to send items back')).toEqual(
        expect.arrayContaining([
          'Items in "furniture" only by carrier pickup from your address or curbside pickup.',
          'We try to collect a pickup up to 3 times.',
          'A return label is valid for 14 days.',
        ]),
      );
      expect(terms(policy, 'Fees')).toContain(
        'Return shipping costs €4.95 per return, waived when the item was damaged, wrong or faulty.',
      );
      expect(terms(policy, 'Loyalty benefits')).toEqual([
        'silver members: 15 days longer to return.',
        'gold members: 30 days longer to return, no fees, refund as soon as the return is approved, no manual review.',
      ]);
      expect(terms(policy, 'Review')).toContain('Returns from orders over €2,000.00 are reviewed by our team.');
      expect(terms(policy, 'Exchanges')).toContain('gold members’ exchanges ship at once, before the return arrives.');
      expect(policy.document.offers).toMatchObject({ exchangeBonusPercent: 5, returnlessThresholdMinor: 800 });
    });

    it('refuses an invalid policy with 400 naming each bad field, and keeps the current version', async () => {
      const { document } = await currentPolicy();
      const expectRefused = async (policy: Record<string, unknown>, fields: string[]) => {
        const refused = await putPolicy(policy);
        expectProblem(refused, 400, 'invalid-policy');
        expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(fields);
      };

      await expectRefused({ ...document, returnWindowDays: -1, refundWindowDays: 7 }, [
        'policy.refundWindowDays',
        'policy.returnWindowDays',
      ]);
      // A document written before the policy had pickup terms.
      const { logistics, ...withoutLogistics } = document;
      await expectRefused(withoutLogistics, ['policy.logistics']);
      await expectRefused({ ...document, logistics: { ...logistics, labelValidityDays: 91 } }, [
        'policy.logistics.labelValidityDays',
      ]);
      // Checks across sections only run on a document whose fields are each well formed.
      await expectRefused(
        {
          ...document,
          reasons: [
            ...document.reasons,
            { code: 'changed_mind', label: 'Changed my mind again', restockingFeePercent: 5 },
          ],
          review: { ...document.review, autoApprove: { tiers: ['gold', 'platinum'] } },
        },
        ['policy.reasons[8].code', 'policy.review.autoApprove.tiers[1]'],
      );
      await expectRefused(
        { ...document, offers: { ...document.offers, exchangeBonusPercent: 101, instantExchangeTiers: 'gold' } },
        ['policy.offers.exchangeBonusPercent', 'policy.offers.instantExchangeTiers'],
      );
      await expectRefused({ ...document, offers: { ...document.offers, instantExchangeTiers: ['diamond'] } }, [
        'policy.offers.instantExchangeTiers[0]',
      ]);

      expect((await currentPolicy()).version).toBe(1);
      expect((await world().http('GET', '/v1/policy/versions/2')).status).toBe(404);
    });

    // Replaces the policy: every test after this one sees a 60-day window and two pickup attempts.
    it('decides new returns under a replaced policy while returns decided before keep version 1', async () => {
      const old = await given({ deliveredDaysAgo: 45 });
      const before = await openShirt(old);
      expect(before.decision).toMatchObject({ outcome: 'rejected', policyVersion: 1 });

      const { document } = await currentPolicy();
      const logistics = { maxPickupAttempts: 2, labelValidityDays: 7 };
      const replaced = await putPolicy({ ...document, returnWindowDays: 60, logistics });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ version: 2, name: 'Rebound demo policy', source: 'api' });
      expect(terms(replaced.body, 'Return window')?.[0]).toBe('You can return items within 60 days of delivery.');
      expect(terms(replaced.body, 'How to send items back')).toContain('We try to collect a pickup up to 2 times.');

      const now = await preview(old, [line('shirt')]);
      expect(now).toMatchObject({ outcome: 'approved', policyVersion: 2 });
      expect(now.lines[0].windowEndsAt).toBe(windowEnd(old, 60));
      const after = await openShirt(old);
      expect(after).toMatchObject({ status: 'approved', policyVersion: 2, decision: { policyVersion: 2 } });
      const approvals = () =>
        world()
          .published.on(world().physical(Topics.returnsReturn.name))
          .filter((message) => message.key === after.returnId && message.headers['ce_type'] === 'ReturnApproved');
      await world().published.waitFor('ReturnApproved under version 2', () => approvals().length === 1);
      expect(JSON.parse(approvals()[0].value!)).toMatchObject({ policyVersion: 2, ...logistics });

      const reread = (await world().http('GET', `/v1/returns/${before.returnId}`)).body;
      expect(reread).toMatchObject({ status: 'rejected', policyVersion: 1 });
      expect(reread.decisions).toEqual([expect.objectContaining({ outcome: 'rejected', policyVersion: 1 })]);

      const first = await world().http('GET', '/v1/policy/versions/1');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ version: 1, source: 'file', document: { returnWindowDays: 30 } });
      expect(terms(first.body, 'Return window')?.[0]).toBe('You can return items within 30 days of delivery.');
      expect((await currentPolicy()).version).toBe(2);
    });
  });
});
