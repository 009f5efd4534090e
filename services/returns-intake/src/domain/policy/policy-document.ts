/**
 * The return policy as a merchant writes it: the JSON of the policy file and of `PUT /v1/policy`.
 * Every rule the eligibility check applies is a field here; `parsePolicyDocument` refuses a document
 * that is malformed or contradicts itself, naming each bad field.
 */
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORY_PATTERN,
  CURRENCY_PATTERN,
  GRADE_PATTERN,
  IsCount,
  IsMinorAmount,
  RETURN_METHODS,
  validatePlain,
  type FieldViolation,
  type ReturnMethod,
} from '@rebound/contracts';

export const REASON_CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** What a reason says about the size the customer needs: `too_small` suggests the next size up. */
export const SIZE_HINTS = ['size_up', 'size_down'] as const;
export type SizeHint = (typeof SIZE_HINTS)[number];
/** What a customer may be offered for a returned line, instead of or besides a refund. */
export const OFFER_OUTCOMES = ['exchange_variant', 'exchange_product', 'store_credit', 'refund', 'keep'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];
/** Without an `offers` section the policy offers what it always has: a refund or store credit. */
export const OUTCOMES_WITHOUT_OFFERS: readonly OfferOutcome[] = ['refund', 'store_credit'];
/** A country (`DE`), a subdivision (`US-CA`), or `*` for everywhere else. */
export const REGION_RULE_PATTERN = /^(\*|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/;

export class CategoryRule {
  @Matches(CATEGORY_PATTERN) category!: string;
  /** Replaces the default return window for this category. */
  @IsOptional() @IsInt() @Min(0) @Max(3650) returnWindowDays?: number;
  /** `false` makes the category non-returnable. */
  @IsOptional() @IsBoolean() returnable?: boolean;
  /** Restricts the methods of the region to these for this category (bulky goods: pickup only). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(RETURN_METHODS, { each: true })
  methods?: ReturnMethod[];
}

export class ReasonRule {
  @Matches(REASON_CODE_PATTERN) code!: string;
  @IsString() @Length(1, 200) label!: string;
  @IsOptional() @IsBoolean() requiresComment?: boolean;
  @IsOptional() @IsBoolean() requiresPhotos?: boolean;
  /** Percentage of the returned lines' value kept as a restocking fee. */
  @IsInt() @Min(0) @Max(100) restockingFeePercent!: number;
  /** The merchant's fault (damaged, wrong item): the return shipping fee is waived. */
  @IsOptional() @IsBoolean() sellerFault?: boolean;
  /** The size the customer needs instead, which exchange offers put first. */
  @IsOptional() @IsIn(SIZE_HINTS) suggests?: SizeHint;
}

export class RegionMethodsRule {
  @Matches(REGION_RULE_PATTERN) region!: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(RETURN_METHODS, { each: true }) methods!: ReturnMethod[];
}

export class FeeRules {
  /** Charged once per return, in minor units of the policy currency. */
  @IsMinorAmount() returnShippingFeeMinor!: number;
}

export class LoyaltyTierRule {
  @IsString() @Length(1, 32) tier!: string;
  @IsOptional() @IsInt() @Min(0) @Max(3650) extraWindowDays?: number;
  @IsOptional() @IsBoolean() waiveFees?: boolean;
  @IsOptional() @IsBoolean() instantRefund?: boolean;
}

export class GradeFractionRule {
  @Matches(GRADE_PATTERN) grade!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) fraction!: number;
}

export class StoreCreditRules {
  @IsInt() @Min(0) @Max(100) bonusPercent!: number;
}

export class ReturnRateRule {
  /** Share of the customer's delivered orders that already have a return, 0..1. */
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) over!: number;
  /** The rate is only judged once the customer has this many delivered orders. */
  @IsCount(1) minimumOrders!: number;
}

export class ManualReviewRules {
  @IsOptional() @IsMinorAmount() orderValueOverMinor?: number;
  @IsOptional() @IsMinorAmount() refundValueOverMinor?: number;
  @IsOptional() @ValidateNested() @Type(() => ReturnRateRule) returnRate?: ReturnRateRule;
  @IsOptional() @IsArray() @ArrayUnique() @Matches(REASON_CODE_PATTERN, { each: true }) reasons?: string[];
}

export class AutoApproveRules {
  /** Customers of these tiers are approved without manual review. */
  @IsArray() @ArrayUnique() @IsString({ each: true }) tiers!: string[];
}

export class ReviewRules {
  @IsDefined() @ValidateNested() @Type(() => ManualReviewRules) manual!: ManualReviewRules;
  @IsDefined() @ValidateNested() @Type(() => AutoApproveRules) autoApprove!: AutoApproveRules;
}

/** Terms pickup-scheduling applies to every approved return; ReturnApproved carries them. */
export class LogisticsRules {
  /** A pickup whose attempts all fail is given up, and the return expires. */
  @IsInt() @Min(1) @Max(10) maxPickupAttempts!: number;
  /** A mail-back label or drop-off code not used within this many days expires the return. */
  @IsInt() @Min(1) @Max(90) labelValidityDays!: number;
}

/**
 * The outcomes offered for lines of some categories, to customers of some tiers. A rule names
 * categories, tiers or both; the most specific rule that matches a line applies (categories and
 * tiers, then categories, then tiers), and `defaultOutcomes` where none does.
 */
export class OfferOutcomeRule {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @Matches(CATEGORY_PATTERN, { each: true })
  categories?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  tiers?: string[];
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(OFFER_OUTCOMES, { each: true }) outcomes!: OfferOutcome[];
}

/** How far an exchange may be from the price paid for the returned line, in the policy currency. */
export class ExchangePriceLimits {
  /** The most a customer may pay on top when the replacement costs more. */
  @IsMinorAmount() maxExtraChargeMinor!: number;
  /** The most refunded when the replacement costs less. */
  @IsMinorAmount() maxSurplusRefundMinor!: number;
}

export class OfferRules {
  @IsArray() @ValidateNested({ each: true }) @Type(() => OfferOutcomeRule) rules!: OfferOutcomeRule[];
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(OFFER_OUTCOMES, { each: true }) defaultOutcomes!: OfferOutcome[];
  @IsDefined() @ValidateNested() @Type(() => ExchangePriceLimits) priceDifference!: ExchangePriceLimits;
  /** Percentage of the returned value credited when the customer exchanges for another product. */
  @IsInt() @Min(0) @Max(100) exchangeBonusPercent!: number;
  /**
   * What returning one unit costs the merchant: a line whose refundable value per unit is at or below
   * it may be kept, and refunded all the same. Required when any rule offers `keep`.
   */
  @IsOptional() @IsMinorAmount() returnlessThresholdMinor?: number;
  /** Tiers whose exchanges ship at once, before the returned parcel arrives. */
  @IsArray() @ArrayUnique() @IsString({ each: true }) instantExchangeTiers!: string[];
}

export class ReturnPolicyDocument {
  @IsString() @Length(1, 120) name!: string;
  /** Currency of the fees; orders in another currency are not returnable under this policy. */
  @Matches(CURRENCY_PATTERN) currency!: string;
  @IsInt() @Min(0) @Max(3650) returnWindowDays!: number;
  @IsBoolean() finalSaleReturnable!: boolean;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CategoryRule) categories!: CategoryRule[];
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ReasonRule) reasons!: ReasonRule[];
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RegionMethodsRule)
  methods!: RegionMethodsRule[];
  // class-validator skips a missing nested object, so each required section says it is required.
  @IsDefined() @ValidateNested() @Type(() => FeeRules) fees!: FeeRules;
  @IsArray() @ValidateNested({ each: true }) @Type(() => LoyaltyTierRule) loyaltyTiers!: LoyaltyTierRule[];
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => GradeFractionRule)
  refundableFractions!: GradeFractionRule[];
  @IsDefined() @ValidateNested() @Type(() => StoreCreditRules) storeCredit!: StoreCreditRules;
  @IsDefined() @ValidateNested() @Type(() => ReviewRules) review!: ReviewRules;
  @IsDefined() @ValidateNested() @Type(() => LogisticsRules) logistics!: LogisticsRules;
  /** Exchanges, returnless refunds and their terms; without it, a refund or store credit only. */
  @IsOptional() @ValidateNested() @Type(() => OfferRules) offers?: OfferRules;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export type PolicyViolation = FieldViolation;

export class InvalidPolicyError extends Error {
  constructor(readonly violations: readonly PolicyViolation[]) {
    super(`return policy is invalid: ${violations.map((v) => `${v.field}: ${v.message}`).join('; ')}`);
    this.name = 'InvalidPolicyError';
  }
}

/** Validates untrusted JSON into a policy document, or throws InvalidPolicyError naming every bad field. */
export function parsePolicyDocument(json: unknown): ReturnPolicyDocument {
  const validation = validatePlain(ReturnPolicyDocument, json, { unknownFields: 'reject' });
  if (!validation.valid) throw new InvalidPolicyError(validation.violations);
  const violations = consistencyViolations(validation.value);
  if (violations.length > 0) throw new InvalidPolicyError(violations);
  return validation.value;
}

/** Rules that class-validator cannot see: uniqueness across entries and references between sections. */
function consistencyViolations(document: ReturnPolicyDocument): PolicyViolation[] {
  const violations: PolicyViolation[] = [
    ...duplicates(
      document.categories.map((rule) => rule.category),
      'categories',
      'category',
    ),
    ...duplicates(
      document.reasons.map((rule) => rule.code),
      'reasons',
      'code',
    ),
    ...duplicates(
      document.methods.map((rule) => rule.region),
      'methods',
      'region',
    ),
    ...duplicates(
      document.loyaltyTiers.map((rule) => rule.tier),
      'loyaltyTiers',
      'tier',
    ),
    ...duplicates(
      document.refundableFractions.map((rule) => rule.grade),
      'refundableFractions',
      'grade',
    ),
  ];
  const tiers = new Set(document.loyaltyTiers.map((rule) => rule.tier));
  document.review.autoApprove.tiers.forEach((tier, index) => {
    if (!tiers.has(tier)) {
      violations.push({
        field: `review.autoApprove.tiers[${index}]`,
        message: `tier "${tier}" is not in loyaltyTiers`,
      });
    }
  });
  const reasons = new Set(document.reasons.map((rule) => rule.code));
  (document.review.manual.reasons ?? []).forEach((code, index) => {
    if (!reasons.has(code)) {
      violations.push({ field: `review.manual.reasons[${index}]`, message: `reason "${code}" is not in reasons` });
    }
  });
  if (document.offers) violations.push(...offerViolations(document.offers, document, tiers));
  return violations;
}

/**
 * An offers section contradicts itself when two rules claim the same category and tier at the same
 * specificity (which one applies would depend on their order), when it names a tier the policy
 * does not have or a category that cannot be returned, or offers `keep` with no threshold to judge it.
 */
function offerViolations(offers: OfferRules, document: ReturnPolicyDocument, tiers: Set<string>): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const notReturnable = new Set(
    document.categories.filter((rule) => rule.returnable === false).map((rule) => rule.category),
  );
  offers.rules.forEach((rule, index) => {
    const field = `offers.rules[${index}]`;
    if (!rule.categories && !rule.tiers) {
      violations.push({ field, message: 'names no categories and no tiers; outcomes for all go in defaultOutcomes' });
    }
    rule.categories?.forEach((category, at) => {
      if (notReturnable.has(category)) {
        violations.push({
          field: `${field}.categories[${at}]`,
          message: `category "${category}" cannot be returned, so nothing can be offered for it`,
        });
      }
    });
    rule.tiers?.forEach((tier, at) => {
      if (!tiers.has(tier)) {
        violations.push({ field: `${field}.tiers[${at}]`, message: `tier "${tier}" is not in loyaltyTiers` });
      }
    });
    const earlier = offers.rules.findIndex((other, otherIndex) => otherIndex < index && overlap(other, rule));
    if (earlier >= 0) {
      violations.push({
        field,
        message: `matches the same categories and tiers as offers.rules[${earlier}]; one rule per category and tier`,
      });
    }
  });
  offers.instantExchangeTiers.forEach((tier, index) => {
    if (!tiers.has(tier)) {
      violations.push({
        field: `offers.instantExchangeTiers[${index}]`,
        message: `tier "${tier}" is not in loyaltyTiers`,
      });
    }
  });
  const offersKeep = [offers.defaultOutcomes, ...offers.rules.map((rule) => rule.outcomes)].some((outcomes) =>
    outcomes.includes('keep'),
  );
  if (offersKeep && offers.returnlessThresholdMinor === undefined) {
    violations.push({
      field: 'offers.returnlessThresholdMinor',
      message: 'is required when an outcome list offers "keep"',
    });
  }
  return violations;
}

/** Two rules of the same specificity that both match some category and tier. */
function overlap(a: OfferOutcomeRule, b: OfferOutcomeRule): boolean {
  const shares = (x?: string[], y?: string[]) => x !== undefined && y !== undefined && x.some((v) => y.includes(v));
  const sameShape =
    (a.categories === undefined) === (b.categories === undefined) &&
    (a.tiers === undefined) === (b.tiers === undefined);
  return (
    sameShape &&
    (a.categories === undefined || shares(a.categories, b.categories)) &&
    (a.tiers === undefined || shares(a.tiers, b.tiers))
  );
}

function duplicates(values: string[], list: string, key: string): PolicyViolation[] {
  return values.flatMap((value, index) =>
    values.indexOf(value) === index
      ? []
      : [{ field: `${list}[${index}].${key}`, message: `"${value}" appears more than once in ${list}` }],
  );
}
