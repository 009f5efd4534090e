/**
 * The closed lists and value formats every service agrees on. Each list is a readonly array for
 * `@IsIn` plus the string-literal type derived from it, so the two cannot drift apart.
 */
import { describePattern } from '../validation/field-expectation';

/** Collected from the customer by a 3PL partner. */
export const PICKUP_METHODS = ['carrier_pickup', 'curbside_pickup'] as const;
export type PickupMethod = (typeof PICKUP_METHODS)[number];

/** Brought to the partner by the customer, with a label or drop-off code. */
export const LABEL_METHODS = ['in_store_dropoff', 'mail_back'] as const;
export type LabelMethod = (typeof LABEL_METHODS)[number];

export const RETURN_METHODS = [...PICKUP_METHODS, ...LABEL_METHODS] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

export function isPickupMethod(method: unknown): method is PickupMethod {
  return (PICKUP_METHODS as readonly unknown[]).includes(method);
}

export const REFUND_METHODS = ['original_payment', 'store_credit'] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

/**
 * What the customer gets for a returned line: their money back to the return's refund method
 * (`refund`), another item (`exchange`), or their money back without sending the item (`keep`, a
 * returnless refund).
 */
export const LINE_RESOLUTIONS = ['refund', 'exchange', 'keep'] as const;
export type LineResolutionKind = (typeof LINE_RESOLUTIONS)[number];

/**
 * Why a line of an approved return resolves differently: its replacement could not be reserved
 * (`replacement_unavailable`), inspection did not accept the returned item for an exchange that
 * was to ship after it (`not_accepted_at_inspection`: the line is refunded as graded instead), or the
 * return expired (`return_expired`: an expired return gives up its exchanges, so a parcel that turns
 * up after all is refunded as graded, never exchanged).
 */
export const RESOLUTION_CHANGE_REASONS = [
  'replacement_unavailable',
  'not_accepted_at_inspection',
  'return_expired',
] as const;
export type ResolutionChangeReason = (typeof RESOLUTION_CHANGE_REASONS)[number];

/**
 * Why a replacement held for an exchange went back on sale: the return was `cancelled` or `expired`,
 * or the line's resolution was `replaced` by the customer's next choice.
 */
export const RESERVATION_RELEASE_REASONS = ['cancelled', 'expired', 'replaced'] as const;
export type ReservationReleaseReason = (typeof RESERVATION_RELEASE_REASONS)[number];

/** `instant`: paid before inspection to a trusted customer; `final`: paid, or reconciled, after inspection. */
export const REFUND_PHASES = ['instant', 'final'] as const;
export type RefundPhase = (typeof REFUND_PHASES)[number];

/**
 * Why a customer's store-credit balance changed: credit `issued` for a refund and its `bonus` add to
 * it; credit `redeemed` at checkout, `reversed` (clawed back after inspection) and `expired` take from it.
 */
export const STORE_CREDIT_KINDS = ['issued', 'bonus', 'redeemed', 'reversed', 'expired'] as const;
export type StoreCreditKind = (typeof STORE_CREDIT_KINDS)[number];

/**
 * Where a refund stands, in every service that shows one: `pending` until paid, `processing` while the
 * provider is called, then `succeeded`, `failed` (declined for good) or `needs_attention` (transient
 * failures used up the attempts); `superseded` when ops replaced it by store credit; `cancelled` when
 * it will pay nothing more because its return ended, or inspection settled the return without it.
 */
export const REFUND_STATES = [
  'pending',
  'processing',
  'succeeded',
  'failed',
  'needs_attention',
  'superseded',
  'cancelled',
] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export const DISPOSITIONS = ['restock', 'refurbish', 'liquidate', 'return_to_vendor', 'dispose'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * Where units of a sku at a warehouse are held. Only `sellable` is offered to sales channels; the
 * others wait for refurbishment, liquidation, return to the vendor, a decision, or disposal.
 */
export const STOCK_BUCKETS = [
  'sellable',
  'refurbish',
  'liquidation',
  'return_to_vendor',
  'quarantine',
  'scrap',
] as const;
export type StockBucket = (typeof STOCK_BUCKETS)[number];

export const INSPECTION_FLAGS = [
  'wrong_item',
  'missing_item',
  'short_shipped',
  'serial_mismatch',
  'unexpected_item',
] as const;
export type InspectionFlag = (typeof INSPECTION_FLAGS)[number];

/**
 * How an instant refund that proved too high is recovered: not at all, from store credit, or by charging
 * the customer's original payment method through the provider (`charge_request`).
 */
export const CLAWBACK_KINDS = ['none', 'store_credit_debit', 'charge_request'] as const;
export type ClawbackKind = (typeof CLAWBACK_KINDS)[number];

/**
 * Why money paid by an instant refund is taken back: its return was cancelled, expired, or its pickup
 * was abandoned (the whole refund), or inspection made less refundable than was paid (the difference).
 */
export const CLAWBACK_REASONS = ['cancelled', 'expired', 'abandoned', 'inspection'] as const;
export type ClawbackReason = (typeof CLAWBACK_REASONS)[number];

/**
 * Why a pickup or label ended without the parcel: every attempt failed, the label or the booking was
 * not used in time, or no partner could take it.
 */
export const PICKUP_ABANDON_REASONS = [
  'attempts_exhausted',
  'label_expired',
  'booking_expired',
  'no_partner_available',
] as const;
export type PickupAbandonReason = (typeof PICKUP_ABANDON_REASONS)[number];

/** What a 3PL partner reports about a pickup or label it was given. */
export const TRACKING_STATUSES = [
  'out_for_pickup',
  'picked_up',
  'attempt_failed',
  'in_transit',
  'delivered_to_warehouse',
  'exception',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export const MAX_ID_LENGTH = 64;
/** A reason, a location, a note: a paragraph, not a document. */
export const MAX_TEXT_LENGTH = 2_000;
/**
 * Units of one line. With MAX_MINOR_AMOUNT and at most 500 lines, any sum of a return's money stays
 * an integer a JSON number holds exactly.
 */
export const MAX_QUANTITY = 1_000;
/** 100 million in the major unit: beyond any single price, fee or refund. */
export const MAX_MINOR_AMOUNT = 10_000_000_000;
/** Counters and versions: what a Postgres `integer` holds. */
export const MAX_COUNT = 2_147_483_647;
/** ISO 4217 currency code. */
export const CURRENCY_PATTERN = describePattern(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as EUR');
/** ISO 3166-1 alpha-2 country. */
export const COUNTRY_PATTERN = describePattern(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as DE');
/** ISO 3166-1 country, optionally with an ISO 3166-2 subdivision: `DE`, `US-CA`. */
export const SHIPPING_REGION_PATTERN = describePattern(
  /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/,
  'a country code, optionally with a subdivision (DE, US-CA)',
);
/** Catalogue category slug, the key return policies are written against. */
export const CATEGORY_PATTERN = describePattern(
  /^[a-z0-9][a-z0-9_-]{0,63}$/,
  'a category slug: lowercase letters, digits, _ and -, at most 64',
);
/** Inspection grades are configured per warehouse, so only their shape is fixed. */
export const GRADE_PATTERN = describePattern(
  /^[A-Z][A-Z0-9_]{0,15}$/,
  'a grade code: an uppercase letter, then uppercase letters, digits or _, at most 16',
);
