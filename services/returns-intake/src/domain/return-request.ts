/** A return as returns-intake keeps it: what is sent back, how, the decisions taken, and what happened since. */
import type {
  LineResolution,
  PickupRequest,
  RefundMethod,
  RefundPhase,
  RefundState,
  ReturnMethod,
} from '@rebound/contracts';
import type { AssessmentOutcome, ReturnAssessment } from './policy/return-policy';
import type { ReturnStatus } from './return-status';
import type { Actor } from '@rebound/contracts';

/** Where and when a carrier collects the parcel (the same shape ReturnApproved carries). */
export type PickupDetails = PickupRequest;

/** How a return is refunded when the request does not say. */
export const DEFAULT_REFUND_METHOD: RefundMethod = 'original_payment';

export interface ReturnLine {
  readonly lineId: string;
  readonly sku: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly reasonCode: string;
  readonly comment: string | null;
  readonly photoUrls: readonly string[];
  readonly restockingFeeMinor: number;
  /** What the customer chose for the line, as it stands now; null: a refund, as before exchanges. */
  readonly resolution: LineResolution | null;
  /** The customer's next choices, in order, taken when the replacement cannot be reserved. */
  readonly fallbacks: readonly LineResolution[];
  /** Where inventory holds the replacement of an exchange, once it announced the reservation. */
  readonly warehouseId: string | null;
}

export interface ReturnRequest {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: ReturnStatus;
  readonly method: ReturnMethod;
  readonly refundMethod: RefundMethod;
  readonly pickup: PickupDetails | null;
  readonly currency: string;
  readonly policyVersion: number;
  readonly expectedRefundMinor: number;
  /** Its exchanges ship before the parcel arrives: the customer's tier is one of the policy's instant-exchange tiers. */
  readonly instantExchange: boolean;
  /** When the exchange order was requested (ExchangeOrderRequested); null until then, and for returns without one. */
  readonly exchangeRequestedAt: Date | null;
  /**
   * When its replacements were released to ship (ExchangeShipmentReleased), the exchange paid; null
   * until then, and for returns without one. A return with exchanges completes only after it.
   */
  readonly exchangeReleasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lines: readonly ReturnLine[];
}

export type DecisionOutcome = Exclude<AssessmentOutcome, 'invalid'>;

export interface Decision {
  readonly decisionId: string;
  readonly returnId: string;
  readonly outcome: DecisionOutcome;
  readonly policyVersion: number;
  /** `policy` for automatic decisions, otherwise the agent's id. */
  readonly decidedBy: string;
  readonly note: string | null;
  /** What the policy saw: the order, the request, quantities already returned, the customer's history. */
  readonly inputs: unknown;
  readonly assessment: ReturnAssessment;
  readonly decidedAt: Date;
}

export interface TimelineEntry {
  readonly eventId: string;
  readonly returnId: string;
  readonly eventType: string;
  /** The CloudEvents source of the fact: which service (or agent action) it came from. */
  readonly source: string;
  readonly occurredAt: Date;
  readonly statusAfter: ReturnStatus;
  readonly details: Record<string, unknown>;
  /** Who made the change through the API; null for facts other services reported. */
  readonly actor: Actor | null;
}

export interface RefundFact {
  readonly refundId: string;
  readonly returnId: string;
  readonly kind: 'refund' | 'store_credit';
  readonly phase: RefundPhase;
  /** As refunds names it; returns-intake learns `succeeded`, `failed`, `pending` (ops retried) and `superseded`. */
  readonly state: RefundState;
  readonly amountMinor: number;
  readonly bonusMinor: number;
  readonly clawbackMinor: number;
  readonly currency: string;
  readonly detail: string | null;
  readonly updatedAt: Date;
}

/**
 * What a return's refunds paid in all: each succeeded refund less its claw-back, and what a superseded
 * one had paid before store credit replaced it (its amount, as returns-intake records it).
 */
export function refundedMinor(refunds: readonly RefundFact[]): number {
  return refunds
    .filter((refund) => refund.state === 'succeeded' || refund.state === 'superseded')
    .reduce((sum, refund) => sum + refund.amountMinor - refund.clawbackMinor, 0);
}
