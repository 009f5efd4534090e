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
  return violations;
}

function duplicates(values: string[], list: string, key: string): PolicyViolation[] {
  return values.flatMap((value, index) =>
    values.indexOf(value) === index
      ? []
      : [{ field: `${list}[${index}].${key}`, message: `"${value}" appears more than once in ${list}` }],
  );
}
