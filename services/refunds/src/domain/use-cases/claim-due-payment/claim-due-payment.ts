/**
 * Takes the next refund due for payment — pending and due, or processing with its lease run out (its
 * process died mid-call) — marks it processing under a new lease token until the lease runs out, and
 * commits that before the provider is called: replicas never take the same one, and a process that dies
 * mid-call leaves it to be taken again. With it come its parts still to pay, in order.
 */
import type { UseCase } from '@rebound/kernel';
import type { Clock, RefundsTransaction } from '../../ports';
import type { Refund, RefundPayment } from '../../refund';

export interface LeaseSettings {
  /** How long a refund stays claimed by the process calling the provider for it. */
  readonly leaseMs: number;
}

export interface ClaimedPayment {
  readonly refund: Refund;
  readonly pendingParts: readonly RefundPayment[];
}

export class ClaimDuePayment implements UseCase<RefundsTransaction, void, ClaimedPayment | undefined> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: LeaseSettings,
  ) {}

  async execute(tx: RefundsTransaction): Promise<ClaimedPayment | undefined> {
    const now = this.clock.now();
    const refund = await tx.refunds.claimDuePayment(now, new Date(now.getTime() + this.settings.leaseMs));
    if (!refund) return undefined;
    const parts = await tx.refunds.paymentsOf(refund.refundId);
    return { refund, pendingParts: parts.filter((part) => part.state === 'pending') };
  }
}
