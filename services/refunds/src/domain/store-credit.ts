/**
 * Store credit is a balance per customer and currency that never goes below zero, changed only by
 * ledger entries: credit `issued` for a refund and its `bonus` come in; a `redeemed` checkout, a
 * `reversed` claw-back and `expired` credit go out. What a change may take is decided here; the
 * account row's lock and the database's own checks hold it under concurrency.
 */
import type { Actor, StoreCreditKind } from '@rebound/contracts';

/** The kinds that add to a balance; every other kind takes from it. */
export const CREDIT_KINDS = ['issued', 'bonus'] as const satisfies readonly StoreCreditKind[];

/** One change of a balance, before it is recorded. */
export interface StoreCreditChange {
  readonly customerId: string;
  readonly currency: string;
  readonly kind: StoreCreditKind;
  /** Signed: positive for the credit kinds, negative for the others; never 0. */
  readonly amountMinor: number;
  /** The refund that issued or reversed the credit. */
  readonly refundId: string | null;
  /** The redemption that spent it. */
  readonly redemptionId: string | null;
  /** The order a redemption paid for. */
  readonly orderId: string | null;
  /** Who made the change through the API; null for changes refunds makes itself (a refund, a claw-back). */
  readonly actor: Actor | null;
  readonly at: Date;
}

/** A change as the ledger keeps it, with the balance it left. */
export interface StoreCreditEntry extends StoreCreditChange {
  /** Grows with every entry: the ledger's order. */
  readonly entryId: string;
  readonly balanceAfterMinor: number;
}

/** A customer's balance in one currency. */
export interface StoreCreditBalance {
  readonly customerId: string;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly updatedAt: Date;
}

/** The balance after `change`; a change that would take it below zero, or that goes the wrong way for its kind, is a bug. */
export function balanceAfter(balanceMinor: number, change: Pick<StoreCreditChange, 'kind' | 'amountMinor'>): number {
  const credit = (CREDIT_KINDS as readonly StoreCreditKind[]).includes(change.kind);
  if (!Number.isInteger(change.amountMinor) || (credit ? change.amountMinor <= 0 : change.amountMinor >= 0)) {
    throw new RangeError(`a ${change.kind} entry cannot be of ${change.amountMinor}`);
  }
  const after = balanceMinor + change.amountMinor;
  if (after < 0)
    throw new RangeError(`a ${change.kind} of ${-change.amountMinor} would take ${balanceMinor} below zero`);
  return after;
}

/**
 * What a claw-back of `wantedMinor` can take from a balance: all of it, or what the balance holds.
 * The rest is the refund's to collect another way.
 */
export function reversible(balanceMinor: number, wantedMinor: number): number {
  return Math.max(0, Math.min(balanceMinor, wantedMinor));
}
