import demoPolicy from '../../../policy/default-policy.json';
import { InvalidPolicyError, parsePolicyDocument } from './policy-document';

const withOffers = (offers: Record<string, unknown>) => ({
  ...demoPolicy,
  offers: { ...demoPolicy.offers, ...offers },
});
const rule = (fields: Record<string, unknown>) => ({ outcomes: ['refund'], ...fields });

describe('the offers section of a policy', () => {
  it('is optional: a policy without it is taken as it always was', () => {
    const { offers: _, ...withoutOffers } = demoPolicy;
    expect(parsePolicyDocument(withoutOffers).offers).toBeUndefined();
    expect(parsePolicyDocument(demoPolicy).offers?.instantExchangeTiers).toEqual(['gold']);
  });

  it('names each malformed field of the section', () => {
    const broken = withOffers({
      rules: [{ categories: ['Apparel!'], outcomes: ['swap'] }],
      defaultOutcomes: [],
      priceDifference: { maxExtraChargeMinor: -1, maxSurplusRefundMinor: 1.5 },
      exchangeBonusPercent: 101,
      returnlessThresholdMinor: 'cheap',
      instantExchangeTiers: 'gold',
      surprise: true,
    });
    expect(violationsOf(broken).map((violation) => violation.field)).toEqual([
      'offers.defaultOutcomes',
      'offers.exchangeBonusPercent',
      'offers.instantExchangeTiers',
      'offers.priceDifference.maxExtraChargeMinor',
      'offers.priceDifference.maxSurplusRefundMinor',
      'offers.returnlessThresholdMinor',
      'offers.rules[0].categories',
      'offers.rules[0].outcomes',
      'offers.surprise',
    ]);
  });

  it('requires the price-difference limits, and says which outcomes exist', () => {
    const { priceDifference: _, ...withoutLimits } = demoPolicy.offers;
    expect(violationsOf({ ...demoPolicy, offers: withoutLimits })).toEqual([
      { field: 'offers.priceDifference', message: 'is required' },
    ]);
    const [unknownOutcome] = violationsOf(withOffers({ defaultOutcomes: ['refund', 'swap'] }));
    expect(unknownOutcome.field).toBe('offers.defaultOutcomes');
    expect(unknownOutcome.message).toContain('exchange_variant');
  });

  it('takes a size hint on a reason, and only size_up or size_down', () => {
    const reasons = [...demoPolicy.reasons, { code: 'too_wide', label: 'Too wide', restockingFeePercent: 0 }];
    expect(parsePolicyDocument({ ...demoPolicy, reasons }).reasons.map((reason) => reason.suggests)).toContain(
      'size_up',
    );
    const sideways = [...reasons.slice(0, -1), { ...reasons[reasons.length - 1], suggests: 'size_sideways' }];
    expect(violationsOf({ ...demoPolicy, reasons: sideways }).map((violation) => violation.field)).toEqual([
      `reasons[${sideways.length - 1}].suggests`,
    ]);
  });

  it('refuses tiers the policy does not have and categories that cannot be returned', () => {
    const document = withOffers({
      rules: [rule({ categories: ['apparel', 'gift-cards'] }), rule({ tiers: ['platinum'] })],
      instantExchangeTiers: ['gold', 'diamond'],
    });
    expect(violationsOf(document)).toEqual([
      {
        field: 'offers.rules[0].categories[1]',
        message: 'category "gift-cards" cannot be returned, so nothing can be offered for it',
      },
      { field: 'offers.rules[1].tiers[0]', message: 'tier "platinum" is not in loyaltyTiers' },
      { field: 'offers.instantExchangeTiers[1]', message: 'tier "diamond" is not in loyaltyTiers' },
    ]);
  });

  it('refuses "keep" without a returnless threshold to judge it by', () => {
    const { returnlessThresholdMinor: _, ...withoutThreshold } = demoPolicy.offers;
    expect(violationsOf({ ...demoPolicy, offers: withoutThreshold })).toEqual([
      { field: 'offers.returnlessThresholdMinor', message: 'is required when an outcome list offers "keep"' },
    ]);
    const neverKeep = {
      ...withoutThreshold,
      rules: [rule({ categories: ['apparel'] })],
      defaultOutcomes: ['refund', 'store_credit'],
    };
    expect(violationsOf({ ...demoPolicy, offers: neverKeep })).toEqual([]);
  });

  it('refuses a rule for everyone and two rules that claim the same category and tier', () => {
    const document = withOffers({
      rules: [
        rule({ categories: ['apparel', 'shoes'] }),
        rule({ categories: ['shoes'] }),
        rule({ categories: ['shoes'], tiers: ['gold'] }),
        rule({ categories: ['apparel', 'shoes'], tiers: ['silver', 'gold'] }),
        rule({ tiers: ['gold'] }),
        rule({}),
      ],
    });
    expect(violationsOf(document)).toEqual([
      {
        field: 'offers.rules[1]',
        message: 'matches the same categories and tiers as offers.rules[0]; one rule per category and tier',
      },
      {
        field: 'offers.rules[3]',
        message: 'matches the same categories and tiers as offers.rules[2]; one rule per category and tier',
      },
      {
        field: 'offers.rules[5]',
        message: 'names no categories and no tiers; outcomes for all go in defaultOutcomes',
      },
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
