/**
 * Pays one due refund through the provider — or, for a claw-back, charges it — each of its pending
 * parts against its charge, under the part's key `<refundId>.<n>`, one after the other. It spans
 * transactions because the provider is called between them: the refund is claimed (processing, under a
 * lease) and committed before the calls, and the answers are recorded in a second transaction by the
 * holder of the lease only. When the outcome of a call is not known — it timed out, the provider
 * answered 409 or 5xx, or the process died between the provider's answer and the commit — the provider
 * is asked what happened under the key before anything is paid again.
 */
import type { ClaimDuePayment, ClaimedPayment } from '../use-cases/claim-due-payment/claim-due-payment';
import type { RecordPaymentOutcome } from '../use-cases/record-payment-outcome/record-payment-outcome';
import {
  chargesCustomer,
  paymentKey,
  type PaymentAttempt,
  type ProviderAnswer,
  type Refund,
  type RefundPayment,
} from '../refund';
import type { Clock, PaymentProvider, PaymentScope, TransactionRunner } from '../ports';

export class ProcessPayment {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
    private readonly claimDuePayment: ClaimDuePayment,
    private readonly recordOutcome: RecordPaymentOutcome,
    private readonly scope: PaymentScope = (_refund, pay) => pay(),
  ) {}

  /** Handles the next due refund; false when none is due. */
  async next(): Promise<boolean> {
    const claimed = await this.transactions.run((tx) => this.claimDuePayment.execute(tx));
    if (!claimed) return false;
    await this.scope(claimed.refund, () => this.pay(claimed));
    return true;
  }

  private async pay({ refund: claimed, pendingParts: parts }: ClaimedPayment): Promise<void> {
    const attempts: PaymentAttempt[] = [];
    const call = async (part: RefundPayment, kind: PaymentAttempt['call'], work: () => Promise<ProviderAnswer>) => {
      const startedAt = this.clock.now();
      const answer = await work();
      attempts.push({
        refundId: claimed.refundId,
        n: part.n,
        call: kind,
        outcome: answer.outcome,
        answer: answer.answer,
        startedAt,
        finishedAt: this.clock.now(),
      });
      return answer;
    };
    // The parts are paid one after the other; the first that does not succeed ends the round.
    const paid: { part: RefundPayment; answer: ProviderAnswer }[] = [];
    const clawback = chargesCustomer(claimed);
    for (const part of parts) {
      const key = paymentKey(part);
      let answer: ProviderAnswer | undefined;
      if (claimed.outcomeUnknown) {
        answer = await call(part, 'lookup', () =>
          clawback ? this.provider.lookupCharge(key) : this.provider.lookup(key),
        );
        // Never applied: paying now is the first payment, not a second one.
        if (answer.outcome === 'absent') answer = undefined;
      }
      const request = {
        idempotencyKey: key,
        paymentReference: part.chargeId,
        amountMinor: part.amountMinor,
        currency: claimed.currency,
        reason: paymentReason(claimed),
      };
      answer ??= clawback
        ? await call(part, 'charge', () => this.provider.charge(request))
        : await call(part, 'refund', () => this.provider.refund(request));
      paid.push({ part, answer });
      if (answer.outcome !== 'succeeded') break;
    }
    await this.transactions.run((tx) => this.recordOutcome.execute(tx, { claimed, attempts, paid }));
  }
}

/** What the provider is told a payment is for. */
function paymentReason(refund: Refund): string {
  if (refund.phase === 'clawback') {
    return `claw-back of refund ${refund.reverses} (${refund.reversalReason}) of return ${refund.returnId}`;
  }
  if (refund.phase === 'collection') return `price difference of the exchange of return ${refund.returnId}`;
  return `${refund.phase} refund of return ${refund.returnId}`;
}
