/**
 * A product as the commerce platform sells it: its options (size, colour) with their values in the
 * merchant's order, and its variants, one sku each, priced and switched on or off. What a valid
 * snapshot is beyond each field's shape — every variant names a declared value of every option and
 * nothing else, a sku once, one currency — is `productSnapshotViolations`, which producers and
 * consumers apply alike.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { EventPayload } from '../../event-payload';
import type { FieldViolation } from '../../validation/validate-plain';
import { IsCount, IsId, IsMinorAmount, IsNameValueMap, IsText, IsTimestamp } from '../field-decorators';
import { CATEGORY_PATTERN, CURRENCY_PATTERN, MAX_ID_LENGTH } from '../vocabulary';

/** Most options a product has (size, colour, material, …). */
export const MAX_PRODUCT_OPTIONS = 8;
/** Most values of one option. */
export const MAX_OPTION_VALUES = 100;
/** Most variants of one product. */
export const MAX_PRODUCT_VARIANTS = 500;

/** An option of a product and its values in the merchant's order (sizes smallest first). */
export class PublishedOption {
  @IsId() name!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTION_VALUES)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  values!: string[];
}

/** One sellable variant of the product: a sku with a value for each option of the product. */
export class PublishedVariant {
  @IsId() sku!: string;
  /** The variant's value of each option of the product, by option name: `{ "size": "M", "colour": "blue" }`. */
  @IsNameValueMap() optionValues!: Record<string, string>;
  /** Its list price, in minor units of `currency`. */
  @IsMinorAmount() priceMinor!: number;
  @Matches(CURRENCY_PATTERN) currency!: string;
  /** False once the merchant stopped selling it. */
  @IsBoolean() active!: boolean;
}

/** The whole product: the event's payload but for its id. */
export abstract class ProductSnapshot extends EventPayload {
  @IsText() title!: string;
  @Matches(CATEGORY_PATTERN) category!: string;
  @IsArray()
  @ArrayMaxSize(MAX_PRODUCT_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => PublishedOption)
  options!: PublishedOption[];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRODUCT_VARIANTS)
  @ValidateNested({ each: true })
  @Type(() => PublishedVariant)
  variants!: PublishedVariant[];
  /** Grows with every snapshot of the product: a reader keeps the highest it has seen. */
  @IsCount(1) version!: number;
  @IsTimestamp() publishedAt!: string;
}

/** What `productSnapshotViolations` reads: a snapshot whose fields each have their shape. */
export interface ProductSnapshotShape {
  readonly options: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly variants: readonly {
    readonly sku: string;
    readonly optionValues: Readonly<Record<string, string>>;
    readonly currency: string;
  }[];
}

/**
 * Where a snapshot contradicts itself, field by field: an option or one of its values named twice, a
 * variant without a value for an option, with an option the product does not have or a value the
 * option does not list, a sku twice, a currency other than the first variant's.
 */
export function productSnapshotViolations(snapshot: ProductSnapshotShape): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const options = new Map<string, ReadonlySet<string>>();
  snapshot.options.forEach((option, i) => {
    if (options.has(option.name)) {
      violations.push({ field: `options[${i}].name`, message: `option "${option.name}" is declared twice` });
    }
    const values = new Set<string>();
    option.values.forEach((value, j) => {
      if (values.has(value)) {
        violations.push({ field: `options[${i}].values[${j}]`, message: `value "${value}" is listed twice` });
      }
      values.add(value);
    });
    if (!options.has(option.name)) options.set(option.name, values);
  });
  const skus = new Set<string>();
  const currency = snapshot.variants[0]?.currency;
  snapshot.variants.forEach((variant, i) => {
    const field = `variants[${i}]`;
    if (skus.has(variant.sku))
      violations.push({ field: `${field}.sku`, message: `sku "${variant.sku}" is listed twice` });
    skus.add(variant.sku);
    if (variant.currency !== currency) {
      violations.push({
        field: `${field}.currency`,
        message: `must be ${currency}, the currency of the product's prices`,
      });
    }
    for (const [name, values] of options) {
      const value = variant.optionValues[name];
      if (value === undefined) {
        violations.push({
          field: `${field}.optionValues.${name}`,
          message: `is required: the product has option "${name}"`,
        });
      } else if (!values.has(value)) {
        violations.push({
          field: `${field}.optionValues.${name}`,
          message: `must be one of the values of option "${name}": ${[...values].join(', ')}`,
        });
      }
    }
    for (const name of Object.keys(variant.optionValues)) {
      if (!options.has(name)) {
        violations.push({ field: `${field}.optionValues.${name}`, message: `the product has no option "${name}"` });
      }
    }
  });
  return violations;
}
