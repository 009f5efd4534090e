/**
 * The one way store credit changes: lock the customer's account in the currency, decide what the
 * change may take (never below zero), append it to the ledger with the balance after it and announce
 * it on `refunds.store-credit.v1` — all in the caller's transaction, so the topic never runs ahead
 * of or behind the ledger.
 */
import { StoreCreditBalanceChanged } from '@rebound/contracts';
import type { RefundsTransaction } from './ports';
import { balanceAfter, reversible, type StoreCreditChange, type StoreCreditEntry } from './store-credit';

/** Credit a refund issues: its amount (`issued`) or the policy's bonus on top (`bonus`). */
export interface StoreCreditCredit {
  readonly customerId: string;
  readonly currency: string;
  readonly kind: 'issued' | 'bonus';
  /** More than zero. */
  readonly amountMinor: number;
  readonly refundId: string;
  readonly at: Date;
}

/** A claw-back of a refund's credit (inspection found less refundable than was issued). */
export interface StoreCreditDebit {
  readonly customerId: string;
  readonly currency: string;
  /** The most to take. */
  readonly amountMinor: number;
  readonly refundId: string;
  readonly at: Date;
}

export async function creditStoreCredit(tx: RefundsTransaction, credit: StoreCreditCredit): Promise<void> {
  const balance = await tx.storeCredit.lockStoreCredit(credit.customerId, credit.currency, credit.at);
  await appendStoreCreditChange(tx, balance, { ...credit, redemptionId: null, orderId: null, actor: null });
}

/**
 * Takes up to `amountMinor` back (kind `reversed`): all of it when the balance holds it, else what it
 * holds, so the balance never goes below zero.
 * @returns what it took; the caller records the rest as still owed.
 */
export async function debitStoreCredit(tx: RefundsTransaction, debit: StoreCreditDebit): Promise<number> {
  const balance = await tx.storeCredit.lockStoreCredit(debit.customerId, debit.currency, debit.at);
  const taken = reversible(balance, debit.amountMinor);
  if (taken === 0) return 0;
  await appendStoreCreditChange(tx, balance, {
    customerId: debit.customerId,
    currency: debit.currency,
    kind: 'reversed',
    amountMinor: -taken,
    refundId: debit.refundId,
    redemptionId: null,
    orderId: null,
    actor: null,
    at: debit.at,
  });
  return taken;
}

/** Appends a change to an account the transaction has locked (`balanceMinor`: what it holds) and announces it. */
export async function appendStoreCreditChange(
  tx: RefundsTransaction,
  balanceMinor: number,
  change: StoreCreditChange,
): Promise<StoreCreditEntry> {
  const entry = await tx.storeCredit.appendStoreCredit(change, balanceAfter(balanceMinor, change));
  await tx.events.publish(
    StoreCreditBalanceChanged,
    {
      customerId: entry.customerId,
      currency: entry.currency,
      kind: entry.kind,
      amountMinor: entry.amountMinor,
      balanceMinor: entry.balanceAfterMinor,
      ...(entry.refundId !== null && { refundId: entry.refundId }),
      ...(entry.redemptionId !== null && { redemptionId: entry.redemptionId }),
      ...(entry.orderId !== null && { orderId: entry.orderId }),
      at: entry.at.toISOString(),
    },
    entry.customerId,
  );
  return entry;
}
