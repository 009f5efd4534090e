/**
 * A checkout spends a customer's store credit, under its Idempotency-Key: the first request takes
 * the amount and keeps its answer, a repeat of the same request gets that answer again, and the key
 * reused for another request is refused. A balance that cannot cover the amount refuses the
 * redemption whole, and nothing of it is kept — not even the key. The account is locked while it is
 * checked and debited, so concurrent redemptions never take it below zero.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import type { Clock, RefundsTransaction } from '../../ports';
import { refusal } from '../../refusals';
import type { StoreCreditEntry } from '../../store-credit';
import { appendStoreCreditChange } from '../../store-credit-changes';
import type { RedeemStoreCreditCommand } from './redeem-store-credit.command';

export interface Redeemed {
  /** True when the key had redeemed this request before: nothing was taken again. */
  readonly replayed: boolean;
  readonly redemptionId: string;
  /** The ledger entry the redemption made: amount, order, the balance after it. */
  readonly entry: StoreCreditEntry;
  /** The caller of the first request, whoever repeats it. */
  readonly redeemedBy: Actor;
}

export class RedeemStoreCredit implements UseCase<RefundsTransaction, RedeemStoreCreditCommand, Redeemed> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: RefundsTransaction, command: RedeemStoreCreditCommand): Promise<Redeemed> {
    const now = this.clock.now();
    const redemptionId = randomUUID();
    const kept = await tx.storeCredit.claimRedemption({
      redemptionId,
      customerId: command.customerId,
      currency: command.currency,
      amountMinor: command.amountMinor,
      orderId: command.orderId,
      idempotencyKey: command.idempotencyKey,
      clientId: command.redeemedBy.clientId,
      requestHash: command.requestHash,
      at: now,
    });
    if (kept) return replay(tx, command, kept.redemptionId, kept.requestHash);
    const balance = await tx.storeCredit.lockStoreCredit(command.customerId, command.currency, now);
    if (balance < command.amountMinor) {
      throw refusal(
        'insufficient-store-credit',
        `the store credit of customer ${command.customerId} holds ${balance} ${command.currency} minor units; ` +
          `${command.amountMinor} cannot be redeemed`,
      );
    }
    const entry = await appendStoreCreditChange(tx, balance, {
      customerId: command.customerId,
      currency: command.currency,
      kind: 'redeemed',
      amountMinor: -command.amountMinor,
      refundId: null,
      redemptionId,
      orderId: command.orderId,
      actor: command.redeemedBy,
      at: now,
    });
    return { replayed: false, redemptionId, entry, redeemedBy: command.redeemedBy };
  }
}

async function replay(
  tx: RefundsTransaction,
  command: RedeemStoreCreditCommand,
  redemptionId: string,
  requestHash: string,
): Promise<Redeemed> {
  if (requestHash !== command.requestHash) {
    throw refusal(
      'idempotency-key-reused',
      `Idempotency-Key "${command.idempotencyKey}" was used for a different redemption`,
    );
  }
  const entry = await tx.storeCredit.redemptionEntry(redemptionId);
  // Every redemption is recorded with its ledger entry and who made it, in one transaction.
  if (!entry?.actor) throw new Error(`redemption ${redemptionId} has no ledger entry naming who redeemed`);
  return { replayed: true, redemptionId, entry, redeemedBy: entry.actor };
}
