/**
 * Applies one version of the return policy to a proposed return: per line, whether it may be returned
 * and why not; the methods allowed; fees and the expected refund; and the outcome (approve, reject or
 * send to manual review). Pure: the same policy version and inputs always give the same assessment,
 * which is what lets a stored decision be explained and replayed.
 */
import type { ChosenResolution } from '../resolutions';
import { percentOf } from '@rebound/kernel';
import { isPickupMethod, type RefundMethod, type ReturnMethod } from '@rebound/contracts';
import { Order, OrderLine, orderValueMinor } from '../order';
import {
  OUTCOMES_WITHOUT_OFFERS,
  ReasonRule,
  ReturnPolicyDocument,
  type OfferOutcome,
  type OfferOutcomeRule,
} from './policy-document';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `input` problems mean the request itself must be corrected (nothing is created);
 * `eligibility` problems mean the policy says no (the return is rejected, with the reason stored).
 */
export type ProblemKind = 'input' | 'eligibility';

export interface AssessmentProblem {
  readonly kind: ProblemKind;
  readonly code: string;
  readonly field: string;
  readonly message: string;
}

export interface ProposedLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly reasonCode: string;
  readonly comment?: string;
  readonly photoUrls?: readonly string[];
  /** The outcome the customer chose, when opening; absent: a refund. */
  readonly resolution?: ChosenResolution;
  /** The next choices, in order, should the chosen replacement not be reserved. */
  readonly fallbacks?: readonly ChosenResolution[];
}

export interface ReturnProposal {
  readonly order: Order;
  readonly lines: readonly ProposedLine[];
  readonly method?: ReturnMethod;
  readonly refundMethod: RefundMethod;
  readonly hasPickupDetails: boolean;
  /** Units of each order line already in other returns that are still open or done. */
  readonly alreadyReturned: ReadonlyMap<string, number>;
  readonly customerHistory: { readonly deliveredOrders: number; readonly ordersWithReturns: number };
  readonly now: Date;
}

export interface LineAssessment {
  readonly lineId: string;
  readonly sku: string | null;
  readonly category: string | null;
  readonly quantity: number;
  readonly reasonCode: string;
  readonly unitPriceMinor: number;
  readonly eligible: boolean;
  readonly problems: readonly AssessmentProblem[];
  readonly returnableQuantity: number;
  readonly windowEndsAt: string | null;
  readonly allowedMethods: readonly ReturnMethod[];
  readonly valueMinor: number;
  readonly restockingFeePercent: number;
  readonly restockingFeeMinor: number;
}

export type AssessmentOutcome = 'approved' | 'rejected' | 'pending_review' | 'invalid';

export interface ReturnAssessment {
  readonly policyVersion: number;
  readonly currency: string;
  readonly outcome: AssessmentOutcome;
  readonly lines: readonly LineAssessment[];
  /** Problems of the return as a whole (method, pickup details). */
  readonly problems: readonly AssessmentProblem[];
  readonly allowedMethods: readonly ReturnMethod[];
  readonly fees: { readonly restockingFeeMinor: number; readonly returnShippingFeeMinor: number };
  readonly expectedRefundMinor: number;
  readonly instantRefund: boolean;
  readonly reviewReasons: readonly string[];
  /** Carried into the approval so QC and refunds apply the terms this decision was made under. */
  readonly refundableFractions: readonly { readonly grade: string; readonly fraction: number }[];
  readonly storeCreditBonusPercent: number;
  /** Carried into the approval so pickup-scheduling books under the terms this decision was made under. */
  readonly logistics: { readonly maxPickupAttempts: number; readonly labelValidityDays: number };
}

/** What may be offered for one line: the offers section applied to its category and the customer's tier. */
export interface OfferTerms {
  readonly outcomes: readonly OfferOutcome[];
  /** The most the customer may pay on top for a dearer replacement. */
  readonly maxExtraChargeMinor: number;
  /** The most refunded when the replacement is cheaper. */
  readonly maxSurplusRefundMinor: number;
  readonly exchangeBonusPercent: number;
  readonly storeCreditBonusPercent: number;
  /** Lines worth at most this per unit (refundable value) may be kept; null: never. */
  readonly returnlessThresholdMinor: number | null;
  /** Exchanges ship before the returned parcel arrives. */
  readonly instantExchange: boolean;
}

export class ReturnPolicy {
  constructor(
    readonly version: number,
    readonly document: ReturnPolicyDocument,
  ) {}

  assess(proposal: ReturnProposal): ReturnAssessment {
    const tier = this.tierOf(proposal.order);
    const waiveFees = tier?.waiveFees ?? false;
    const lines = proposal.lines.map((line, index) =>
      this.assessLine(proposal, line, index, tier?.extraWindowDays ?? 0, waiveFees),
    );
    // Lines that are not on the order have no methods; they are reported on their own.
    const allowedMethods = intersection(
      lines.filter((line) => line.category !== null).map((line) => line.allowedMethods),
    );
    const problems = this.returnProblems(proposal, allowedMethods);
    const restockingFeeMinor = sum(lines.map((line) => line.restockingFeeMinor));
    const sellerFault = proposal.lines.some((line) => this.reason(line.reasonCode)?.sellerFault);
    const returnShippingFeeMinor = waiveFees || sellerFault ? 0 : this.document.fees.returnShippingFeeMinor;
    const valueMinor = sum(lines.map((line) => line.valueMinor));
    const expectedRefundMinor = Math.max(0, valueMinor - restockingFeeMinor - returnShippingFeeMinor);
    const allProblems = [...lines.flatMap((line) => line.problems), ...problems];
    const reviewReasons = this.reviewReasons(proposal, expectedRefundMinor);
    const outcome: AssessmentOutcome = allProblems.some((problem) => problem.kind === 'input')
      ? 'invalid'
      : allProblems.length > 0
        ? 'rejected'
        : reviewReasons.length > 0 && !this.document.review.autoApprove.tiers.includes(tier?.tier ?? '')
          ? 'pending_review'
          : 'approved';
    return {
      policyVersion: this.version,
      currency: proposal.order.currency,
      outcome,
      lines,
      problems,
      allowedMethods,
      fees: { restockingFeeMinor, returnShippingFeeMinor },
      expectedRefundMinor,
      instantRefund: outcome !== 'rejected' && outcome !== 'invalid' && (tier?.instantRefund ?? false),
      reviewReasons: outcome === 'pending_review' ? reviewReasons : [],
      refundableFractions: this.document.refundableFractions.map(({ grade, fraction }) => ({ grade, fraction })),
      storeCreditBonusPercent: this.document.storeCredit.bonusPercent,
      logistics: { ...this.document.logistics },
    };
  }

  /** Methods offered for one order line in a region, before any request is made. */
  methodsFor(region: string, category: string): ReturnMethod[] {
    const regional = this.regionRule(region)?.methods ?? [];
    const restricted = this.document.categories.find((rule) => rule.category === category)?.methods;
    return restricted ? regional.filter((method) => restricted.includes(method)) : [...regional];
  }

  private assessLine(
    proposal: ReturnProposal,
    line: ProposedLine,
    index: number,
    extraDays: number,
    waiveFees: boolean,
  ): LineAssessment {
    const field = `lines[${index}]`;
    const orderLine = proposal.order.lines.find((candidate) => candidate.lineId === line.lineId);
    const problems: AssessmentProblem[] = [];
    const problem = (kind: ProblemKind, code: string, message: string, at = field) =>
      problems.push({ kind, code, field: at, message });

    if (proposal.lines.findIndex((other) => other.lineId === line.lineId) !== index) {
      problem('input', 'duplicate-line', `order line "${line.lineId}" appears more than once`, `${field}.lineId`);
    }
    const reason = this.reason(line.reasonCode);
    if (!reason) {
      problem(
        'input',
        'unknown-reason',
        `reason code "${line.reasonCode}" is not in the policy`,
        `${field}.reasonCode`,
      );
    } else {
      if (reason.requiresComment && !line.comment?.trim()) {
        problem('input', 'comment-required', `reason "${reason.code}" requires a comment`, `${field}.comment`);
      }
      if (reason.requiresPhotos && (line.photoUrls ?? []).length === 0) {
        problem(
          'input',
          'photos-required',
          `reason "${reason.code}" requires at least one photo`,
          `${field}.photoUrls`,
        );
      }
    }
    if (!orderLine) {
      problem(
        'input',
        'unknown-line',
        `order ${proposal.order.orderId} has no line "${line.lineId}"`,
        `${field}.lineId`,
      );
      return this.lineResult(line, null, problems, 0, null, [], 0);
    }

    const returnable = Math.max(0, orderLine.quantity - (proposal.alreadyReturned.get(orderLine.lineId) ?? 0));
    if (line.quantity > returnable) {
      problem(
        'input',
        'quantity-exceeds-returnable',
        `only ${returnable} of ${orderLine.quantity} unit(s) of line "${line.lineId}" can still be returned`,
        `${field}.quantity`,
      );
    }
    const windowEndsAt = this.windowEnd(proposal.order, orderLine, extraDays);
    this.eligibilityProblems(proposal, orderLine, windowEndsAt).forEach(([code, message]) =>
      problem('eligibility', code, message),
    );
    const allowedMethods = this.methodsFor(proposal.order.shippingRegion, orderLine.category);
    if (allowedMethods.length === 0) {
      problem(
        'eligibility',
        'no-return-method',
        `no return method is offered for ${orderLine.category} in ${proposal.order.shippingRegion}`,
      );
    }
    const feePercent = waiveFees ? 0 : (reason?.restockingFeePercent ?? 0);
    return this.lineResult(line, orderLine, problems, returnable, windowEndsAt, allowedMethods, feePercent);
  }

  private eligibilityProblems(
    proposal: ReturnProposal,
    line: OrderLine,
    windowEndsAt: Date | null,
  ): [string, string][] {
    const { order, now } = proposal;
    const found: [string, string][] = [];
    if (order.currency !== this.document.currency) {
      found.push([
        'currency-not-supported',
        `orders in ${order.currency} are not covered by this policy (${this.document.currency})`,
      ]);
    }
    const category = this.document.categories.find((rule) => rule.category === line.category);
    if (category?.returnable === false) {
      found.push(['category-not-returnable', `items in category "${line.category}" cannot be returned`]);
    }
    if (line.finalSale && !this.document.finalSaleReturnable) {
      found.push(['final-sale', `line "${line.lineId}" was a final sale`]);
    }
    if (!windowEndsAt) {
      found.push(['not-delivered', `order ${order.orderId} has not been delivered yet`]);
    } else if (now.getTime() > windowEndsAt.getTime()) {
      found.push([
        'window-closed',
        `the return window for line "${line.lineId}" closed on ${windowEndsAt.toISOString()}`,
      ]);
    }
    return found;
  }

  private lineResult(
    line: ProposedLine,
    orderLine: OrderLine | null,
    problems: AssessmentProblem[],
    returnableQuantity: number,
    windowEndsAt: Date | null,
    allowedMethods: ReturnMethod[],
    restockingFeePercent: number,
  ): LineAssessment {
    const unitPriceMinor = orderLine?.unitPriceMinor ?? 0;
    const valueMinor = orderLine ? unitPriceMinor * line.quantity : 0;
    return {
      lineId: line.lineId,
      sku: orderLine?.sku ?? null,
      category: orderLine?.category ?? null,
      quantity: line.quantity,
      reasonCode: line.reasonCode,
      unitPriceMinor,
      eligible: problems.length === 0,
      problems,
      returnableQuantity,
      windowEndsAt: windowEndsAt?.toISOString() ?? null,
      allowedMethods,
      valueMinor,
      restockingFeePercent,
      restockingFeeMinor: percentOf(valueMinor, restockingFeePercent),
    };
  }

  private returnProblems(proposal: ReturnProposal, allowedMethods: readonly ReturnMethod[]): AssessmentProblem[] {
    const problems: AssessmentProblem[] = [];
    const { method } = proposal;
    if (method && !allowedMethods.includes(method)) {
      const offered = allowedMethods.length > 0 ? allowedMethods.join(', ') : 'none';
      problems.push({
        kind: 'input',
        code: 'method-not-allowed',
        field: 'method',
        message: `method "${method}" is not offered for these items in ${proposal.order.shippingRegion} (offered: ${offered})`,
      });
    }
    if (method && isPickupMethod(method) && !proposal.hasPickupDetails) {
      problems.push({
        kind: 'input',
        code: 'pickup-details-required',
        field: 'pickup',
        message: `method "${method}" needs a pickup address and time window`,
      });
    }
    return problems;
  }

  private reviewReasons(proposal: ReturnProposal, expectedRefundMinor: number): string[] {
    const rules = this.document.review.manual;
    const reasons: string[] = [];
    const orderValue = orderValueMinor(proposal.order);
    if (rules.orderValueOverMinor !== undefined && orderValue > rules.orderValueOverMinor) {
      reasons.push(`order value ${orderValue} is over the review threshold ${rules.orderValueOverMinor}`);
    }
    if (rules.refundValueOverMinor !== undefined && expectedRefundMinor > rules.refundValueOverMinor) {
      reasons.push(`expected refund ${expectedRefundMinor} is over the review threshold ${rules.refundValueOverMinor}`);
    }
    const { deliveredOrders, ordersWithReturns } = proposal.customerHistory;
    if (rules.returnRate && deliveredOrders >= rules.returnRate.minimumOrders) {
      const rate = ordersWithReturns / deliveredOrders;
      if (rate > rules.returnRate.over) {
        reasons.push(`customer return rate ${rate.toFixed(2)} is over ${rules.returnRate.over}`);
      }
    }
    for (const line of proposal.lines) {
      if (rules.reasons?.includes(line.reasonCode)) {
        reasons.push(`reason "${line.reasonCode}" always needs review`);
      }
    }
    return reasons;
  }

  private windowEnd(order: Order, line: OrderLine, extraDays: number): Date | null {
    if (!order.deliveredAt) return null;
    const category = this.document.categories.find((rule) => rule.category === line.category);
    const days = (category?.returnWindowDays ?? this.document.returnWindowDays) + extraDays;
    return new Date(order.deliveredAt.getTime() + days * DAY_MS);
  }

  /** The offers the policy allows for a line of `category` returned by a customer of `tier` (null: none). */
  offerTerms(category: string, tier: string | null): OfferTerms {
    const offers = this.document.offers;
    const storeCreditBonusPercent = this.document.storeCredit.bonusPercent;
    if (!offers) {
      return {
        outcomes: OUTCOMES_WITHOUT_OFFERS,
        maxExtraChargeMinor: 0,
        maxSurplusRefundMinor: 0,
        exchangeBonusPercent: 0,
        storeCreditBonusPercent,
        returnlessThresholdMinor: null,
        instantExchange: false,
      };
    }
    const matches = (rule: OfferOutcomeRule) =>
      (rule.categories?.includes(category) ?? true) &&
      (rule.tiers === undefined || (tier !== null && rule.tiers.includes(tier)));
    const specificity = (rule: OfferOutcomeRule) => (rule.categories ? 2 : 0) + (rule.tiers ? 1 : 0);
    // parsePolicyDocument refuses two rules of one specificity that match the same category and tier.
    const rule = offers.rules.filter(matches).sort((a, b) => specificity(b) - specificity(a))[0];
    return {
      outcomes: rule?.outcomes ?? offers.defaultOutcomes,
      maxExtraChargeMinor: offers.priceDifference.maxExtraChargeMinor,
      maxSurplusRefundMinor: offers.priceDifference.maxSurplusRefundMinor,
      exchangeBonusPercent: offers.exchangeBonusPercent,
      storeCreditBonusPercent,
      returnlessThresholdMinor: offers.returnlessThresholdMinor ?? null,
      instantExchange: this.instantExchange(tier),
    };
  }

  /** Whether a customer of `tier` (null: none) gets exchanges shipped before the parcel arrives. */
  instantExchange(tier: string | null): boolean {
    return tier !== null && (this.document.offers?.instantExchangeTiers.includes(tier) ?? false);
  }

  private regionRule(region: string) {
    const country = region.split('-')[0];
    const rules = this.document.methods;
    return (
      rules.find((rule) => rule.region === region) ??
      rules.find((rule) => rule.region === country) ??
      rules.find((rule) => rule.region === '*')
    );
  }

  private tierOf(order: Order) {
    return order.loyaltyTier ? this.document.loyaltyTiers.find((rule) => rule.tier === order.loyaltyTier) : undefined;
  }

  private reason(code: string): ReasonRule | undefined {
    return this.document.reasons.find((rule) => rule.code === code);
  }
}

/** A percentage of an amount in minor units, rounded half up to a whole minor unit. */

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function intersection(sets: readonly (readonly ReturnMethod[])[]): ReturnMethod[] {
  if (sets.length === 0) return [];
  return sets[0].filter((method) => sets.every((set) => set.includes(method)));
}
