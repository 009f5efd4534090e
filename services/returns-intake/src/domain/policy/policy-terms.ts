/**
 * The policy in words, as a customer or a support agent reads it on `GET /v1/policy`: one section per
 * topic, each a list of plain sentences with amounts formatted in the policy currency.
 */
import { formatMoney, isPickupMethod } from '@rebound/contracts';
import { OfferOutcome, OfferOutcomeRule, OfferRules, ReturnPolicyDocument } from './policy-document';

export interface PolicyTermsSection {
  readonly title: string;
  readonly terms: readonly string[];
}

const OUTCOME_NAMES: Record<OfferOutcome, string> = {
  exchange_variant: 'an exchange for another size or colour of the same item',
  exchange_product: 'an exchange for another product',
  store_credit: 'store credit',
  refund: 'a refund',
  keep: 'keeping the item with a refund (when returning costs more than it is worth)',
};

const SIZE_HINT_TERMS = {
  size_up: '; exchanges suggest the next size up',
  size_down: '; exchanges suggest the next size down',
};

const METHOD_NAMES: Record<string, string> = {
  carrier_pickup: 'carrier pickup from your address',
  curbside_pickup: 'curbside pickup',
  in_store_dropoff: 'drop-off in store',
  mail_back: 'a prepaid mail-back label',
};

export function describePolicy(document: ReturnPolicyDocument): PolicyTermsSection[] {
  const money = (minor: number) => formatMoney(minor, document.currency);
  const excluded = document.categories.filter((rule) => rule.returnable === false).map((rule) => rule.category);
  const windowTerms = [
    `You can return items within ${days(document.returnWindowDays)} of delivery.`,
    ...document.categories.flatMap((rule) =>
      rule.returnWindowDays !== undefined && rule.returnable !== false
        ? [`Items in "${rule.category}" can be returned within ${days(rule.returnWindowDays)} of delivery.`]
        : [],
    ),
    ...(excluded.length > 0 ? [`Items in ${excluded.map((c) => `"${c}"`).join(', ')} cannot be returned.`] : []),
    document.finalSaleReturnable ? 'Final-sale items can be returned.' : 'Final-sale items cannot be returned.',
  ];
  const reasonTerms = document.reasons.map((reason) => {
    const needs = [reason.requiresComment && 'a comment', reason.requiresPhotos && 'photos'].filter(Boolean);
    const fee = reason.restockingFeePercent > 0 ? `, restocking fee ${reason.restockingFeePercent}%` : '';
    const hint = reason.suggests ? SIZE_HINT_TERMS[reason.suggests] : '';
    return `${reason.label} (${reason.code})${needs.length > 0 ? `: needs ${needs.join(' and ')}` : ''}${fee}${hint}.`;
  });
  const methodTerms = [
    ...document.methods.map(
      (rule) =>
        `${rule.region === '*' ? 'Everywhere else' : `In ${rule.region}`}: ${rule.methods.map((m) => METHOD_NAMES[m]).join(', ')}.`,
    ),
    ...document.categories.flatMap(({ category, methods }) =>
      methods ? [`Items in "${category}" only by ${methods.map((m) => METHOD_NAMES[m]).join(' or ')}.`] : [],
    ),
    ...logisticsTerms(document),
  ];
  const feeTerms = [
    document.fees.returnShippingFeeMinor > 0
      ? `Return shipping costs ${money(document.fees.returnShippingFeeMinor)} per return, waived when the item was damaged, wrong or faulty.`
      : 'Return shipping is free.',
    'Restocking fees are a percentage of the returned items’ price, rounded half up to the smallest currency unit.',
  ];
  const tierTerms = document.loyaltyTiers.map((tier) => {
    const perks = [
      tier.extraWindowDays ? `${days(tier.extraWindowDays)} longer to return` : undefined,
      tier.waiveFees ? 'no fees' : undefined,
      tier.instantRefund ? 'refund as soon as the return is approved' : undefined,
      document.review.autoApprove.tiers.includes(tier.tier) ? 'no manual review' : undefined,
    ].filter(Boolean);
    return `${tier.tier} members: ${perks.length > 0 ? perks.join(', ') : 'standard terms'}.`;
  });
  const refundTerms = [
    ...document.refundableFractions.map(
      ({ grade, fraction }) => `Grade ${grade} on inspection: ${Math.round(fraction * 100)}% of the price is refunded.`,
    ),
    document.storeCredit.bonusPercent > 0
      ? `Choose store credit instead of a refund and get ${document.storeCredit.bonusPercent}% extra.`
      : 'You can choose store credit instead of a refund to your original payment method.',
  ];
  const review = document.review.manual;
  const reviewTerms = [
    review.orderValueOverMinor !== undefined &&
      `Returns from orders over ${money(review.orderValueOverMinor)} are reviewed by our team.`,
    review.refundValueOverMinor !== undefined &&
      `Refunds over ${money(review.refundValueOverMinor)} are reviewed by our team.`,
    review.returnRate &&
      `Customers who returned from more than ${Math.round(review.returnRate.over * 100)}% of their orders (after ${review.returnRate.minimumOrders} orders) are reviewed by our team.`,
    ...(review.reasons ?? []).map((code) => `Returns for reason "${code}" are reviewed by our team.`),
  ].filter((term): term is string => typeof term === 'string');

  return [
    { title: 'Return window', terms: windowTerms },
    { title: 'Reasons', terms: reasonTerms },
    { title: 'How to send items back', terms: methodTerms },
    { title: 'Fees', terms: feeTerms },
    { title: 'Loyalty benefits', terms: tierTerms },
    { title: 'Refunds', terms: refundTerms },
    { title: 'Review', terms: reviewTerms.length > 0 ? reviewTerms : ['Eligible returns are approved at once.'] },
    ...(document.offers ? [{ title: 'Exchanges', terms: offerTerms(document.offers, money) }] : []),
  ];
}

function offerTerms(offers: OfferRules, money: (minor: number) => string): string[] {
  const outcomes = (list: readonly OfferOutcome[]) => list.map((outcome) => OUTCOME_NAMES[outcome]).join(', ');
  const whom = (rule: OfferOutcomeRule) =>
    [
      rule.categories && `Items in ${rule.categories.map((c) => `"${c}"`).join(', ')}`,
      rule.tiers && `${rule.tiers.join(', ')} members`,
    ]
      .filter(Boolean)
      .join(' for ');
  const { maxExtraChargeMinor, maxSurplusRefundMinor } = offers.priceDifference;
  return [
    ...offers.rules.map((rule) => `${whom(rule)}: ${outcomes(rule.outcomes)}.`),
    `${offers.rules.length > 0 ? 'Everything else' : 'Every item'}: ${outcomes(offers.defaultOutcomes)}.`,
    `A replacement may cost up to ${money(maxExtraChargeMinor)} more than you paid; when it costs less, up to ${money(maxSurplusRefundMinor)} of the difference is refunded.`,
    ...(offers.exchangeBonusPercent > 0
      ? [`Exchange for another product and get ${offers.exchangeBonusPercent}% of the returned value as store credit.`]
      : []),
    ...(offers.returnlessThresholdMinor !== undefined
      ? [
          `Items refunded at ${money(offers.returnlessThresholdMinor)} or less a unit can be kept, where keeping is offered.`,
        ]
      : []),
    ...(offers.instantExchangeTiers.length > 0
      ? [`${offers.instantExchangeTiers.join(', ')} members’ exchanges ship at once, before the return arrives.`]
      : []),
  ];
}

/** Only the terms of methods the policy offers somewhere: a mail-back-only policy says nothing of pickups. */
function logisticsTerms(document: ReturnPolicyDocument): string[] {
  const offered = document.methods.flatMap((rule) => rule.methods);
  const { maxPickupAttempts, labelValidityDays } = document.logistics;
  return [
    ...(offered.some(isPickupMethod)
      ? [
          maxPickupAttempts === 1
            ? 'We try to collect a pickup once.'
            : `We try to collect a pickup up to ${maxPickupAttempts} times.`,
        ]
      : []),
    ...(offered.some((method) => !isPickupMethod(method))
      ? [`A return label is valid for ${days(labelValidityDays)}.`]
      : []),
  ];
}

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}
