/**
 * Ops' way out of a refund the provider did not pay — declined for good (`failed`) or out of attempts
 * (`needs_attention`). Each action is recorded with who took it and why, and announced.
 *
 * - Retry: back to pending on the original payment method. A declined part is paid again as a new
 *   part (a new idempotency key, since the provider answers a declined key with the same decline);
 *   a part whose earlier call may have been applied keeps its key, so it is asked about, never paid twice.
 * - Fall back to store credit: what the refund had not paid is issued as store credit (no bonus) by a
 *   new refund of the same phase, and the refund is superseded. Refused while an earlier call's
 *   outcome is unknown: that money may already have been paid.
 */
import {
  ClawbackRetried,
  ExchangeDifferenceRetried,
  RefundRetried,
  RefundSuperseded,
  StoreCreditIssued,
} from '@rebound/contracts';
import { DomainError, sumMinor, type UseCase } from '@rebound/kernel';
import { refusal } from '../../refusals';
import { announcedPhase, chargesCustomer, newRefund, type Refund } from '../../refund';
import type { Clock, RefundsTransaction } from '../../ports';
import { creditStoreCredit } from '../../store-credit-changes';
import { paidPerLine } from '../../instant-refund';
import { book, released } from '../../ledger-booking';
import type { RefundActionCommand } from './act-on-refund.command';

const ACTIONABLE: readonly Refund['state'][] = ['failed', 'needs_attention'];

export class ActOnRefund implements UseCase<RefundsTransaction, RefundActionCommand, string> {
  constructor(private readonly clock: Clock) {}

  /** @returns the refund to show for it: the one retried, or the store-credit refund that replaced it. */
  execute(tx: RefundsTransaction, command: RefundActionCommand): Promise<string> {
    const now = this.clock.now();
    return command.action === 'retry' ? retry(tx, command, now) : fallBackToStoreCredit(tx, command, now);
  }
}

async function retry(tx: RefundsTransaction, command: RefundActionCommand, now: Date): Promise<string> {
  const refund = await actionable(tx, command.refundId, 'retried');
  const payments = await tx.refunds.paymentsOf(refund.refundId);
  if (payments.length === 0) {
    throw refusal(
      'no-charge-to-retry',
      `refund ${refund.refundId} has no charge to pay against; fall it back to store credit`,
    );
  }
  let n = Math.max(...payments.map((payment) => payment.n));
  const declined = payments.filter((payment) => payment.state === 'failed');
  // Each declined part is paid again once, as a new part: the declined one is marked so a later retry skips it.
  for (const payment of declined) await tx.refunds.updatePayment({ ...payment, state: 'retried' });
  await tx.refunds.insertPayments(
    declined.map((payment) => ({ ...payment, n: (n += 1), state: 'pending' as const, providerReference: null })),
  );
  await tx.refunds.updateRefund({
    ...refund,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    updatedAt: now,
  });
  await tx.refunds.recordAction({ ...recorded(command), action: 'retry', replacementRefundId: null, at: now });
  const retried = { ...announced(refund), amountMinor: refund.amountMinor, operatorId: command.operator.subject };
  if (refund.phase === 'clawback') {
    await tx.events.publish(
      ClawbackRetried,
      { ...retried, reversedRefundId: refund.reverses as string, reason: command.reason },
      refund.returnId,
    );
  } else if (refund.phase === 'collection') {
    await tx.events.publish(ExchangeDifferenceRetried, { ...retried, reason: command.reason }, refund.returnId);
  } else {
    await tx.events.publish(
      RefundRetried,
      { ...retried, phase: announcedPhase(refund.phase), reason: command.reason },
      refund.returnId,
    );
  }
  return refund.refundId;
}

/** @returns the id of the store-credit refund that replaces it. */
async function fallBackToStoreCredit(tx: RefundsTransaction, command: RefundActionCommand, now: Date): Promise<string> {
  const refund = await actionable(tx, command.refundId, 'fallen back to store credit');
  if (chargesCustomer(refund)) {
    throw refusal(
      'refund-not-actionable',
      `refund ${refund.refundId} is a ${refund.phase}: it takes money from the customer, store credit cannot pay it`,
    );
  }
  if (refund.method !== 'original_payment') {
    throw refusal('refund-not-actionable', `refund ${refund.refundId} is already store credit`);
  }
  if (refund.outcomeUnknown) {
    throw refusal(
      'refund-outcome-unknown',
      `the provider may have applied the last payment of refund ${refund.refundId}; retry it so it is looked up first`,
    );
  }
  const payments = await tx.refunds.paymentsOf(refund.refundId);
  const paid = await paidPerLine(tx, refund);
  const unpaidMinor = refund.amountMinor - sumMinor(paid.values());
  for (const payment of payments) {
    if (payment.state !== 'succeeded') await tx.refunds.updatePayment({ ...payment, state: 'superseded' });
  }
  await tx.refunds.updateRefund({ ...refund, state: 'superseded', nextAttemptAt: null, updatedAt: now });
  // What it held on each line but did not pay moves to the store credit that replaces it.
  const held = await tx.ledger.ledgerOfRefund(refund.refundId);
  const unpaid = new Map([...held].map(([lineId, amountMinor]) => [lineId, amountMinor - (paid.get(lineId) ?? 0)]));
  const terms = await tx.approvals.approvalOf(refund.returnId);
  const { returnId, orderId, customerId, phase, currency } = refund;
  const replacement = newRefund(
    {
      returnId,
      orderId,
      customerId,
      phase,
      method: 'store_credit',
      currency,
      amountMinor: unpaidMinor,
      state: 'succeeded',
      nextAttemptAt: null,
    },
    now,
  );
  await tx.refunds.insertRefund(replacement);
  if (terms) {
    await book(tx, terms, refund, released(unpaid), now, 'release');
    await book(
      tx,
      terms,
      replacement,
      [...unpaid].map(([lineId, amountMinor]) => ({ lineId, amountMinor })),
      now,
    );
  }
  if (unpaidMinor > 0) {
    await creditStoreCredit(tx, {
      customerId: replacement.customerId,
      currency: replacement.currency,
      kind: 'issued',
      amountMinor: unpaidMinor,
      refundId: replacement.refundId,
      at: now,
    });
  }
  await tx.refunds.recordAction({
    ...recorded(command),
    action: 'fall_back_to_store_credit',
    replacementRefundId: replacement.refundId,
    at: now,
  });
  await tx.events.publish(
    RefundSuperseded,
    {
      ...announced(refund),
      phase: announcedPhase(refund.phase),
      amountMinor: unpaidMinor,
      paidMinor: refund.amountMinor - unpaidMinor,
      replacementRefundId: replacement.refundId,
      operatorId: command.operator.subject,
      reason: command.reason,
    },
    refund.returnId,
  );
  await tx.events.publish(
    StoreCreditIssued,
    { ...announced(replacement), amountMinor: unpaidMinor, bonusMinor: 0, phase: announcedPhase(replacement.phase) },
    refund.returnId,
  );
  return replacement.refundId;
}

async function actionable(tx: RefundsTransaction, refundId: string, done: string): Promise<Refund> {
  const seen = await tx.refunds.refund(refundId);
  if (!seen)
    throw new DomainError('not-found', 'refund-not-found', `no refund ${refundId}`, { title: 'No such refund' });
  // Both actions change what the order's refunds take from its charges: the order's money first, then the refund.
  await tx.ledger.lockOrderMoney(seen.orderId);
  const refund = (await tx.refunds.lockRefund(refundId)) as Refund;
  if (!ACTIONABLE.includes(refund.state)) {
    throw refusal(
      'refund-not-actionable',
      `refund ${refundId} is ${refund.state}; only a failed refund or one that needs attention can be ${done}`,
    );
  }
  return refund;
}

function recorded(command: RefundActionCommand) {
  return {
    refundId: command.refundId,
    operatorId: command.operator.subject,
    // A token that names no client leaves the client unknown, as for actions from before tokens.
    operatorClientId: command.operator.clientId || null,
    reason: command.reason,
  };
}

function announced(refund: Refund) {
  return { refundId: refund.refundId, returnId: refund.returnId, orderId: refund.orderId, currency: refund.currency };
}
