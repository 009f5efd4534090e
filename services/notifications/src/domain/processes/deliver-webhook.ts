/**
 * Delivers one due webhook. It spans transactions because the receiver is called between them: the
 * delivery is leased (and the attempt counted) in a first one, the receiver called with no
 * transaction open — a slow receiver holds a lease, never a database connection — and the outcome is
 * recorded in a second one by the holder of the lease only. A process that dies mid-call leaves the
 * lease to expire; the delivery is then tried again, which receivers tell apart by `webhook-id`.
 *
 * A delivery still failing at the end of its retry period is given up and its subscription disabled,
 * which `onGiveUp` reports to ops (a log line and a metric).
 */
import type { Actor } from '@rebound/contracts';
import { afterFailure, type AttemptResult, type RetrySettings } from '../delivery';
import { signedHeaders } from '../signing';
import type { ClaimedDelivery, Clock, SecretSealer, TransactionRunner, WebhookSender } from '../ports';

/** Who disables a subscription that kept failing: the service itself. */
export const DELIVERY_WORKER: Actor = { subject: 'notifications-delivery-worker', clientId: 'notifications' };

export interface DeliverySettings extends RetrySettings {
  /** How long a worker holds a delivery: longer than a call can take (WEBHOOK_TIMEOUT_MS). */
  readonly leaseMs: number;
}

export interface DeliveryObserver {
  attempted(claimed: ClaimedDelivery, result: AttemptResult): void;
  gaveUp(claimed: ClaimedDelivery, result: AttemptResult): void;
}

export class DeliverWebhook {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly sender: WebhookSender,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
    private readonly settings: DeliverySettings,
    private readonly observer: DeliveryObserver,
  ) {}

  /** Delivers the next due webhook; false when none is due. */
  async next(): Promise<boolean> {
    const leased = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const claimed = await tx.deliveries.claimNext(now, this.settings.leaseMs);
      if (!claimed) return undefined;
      const { subscriptionId } = claimed.delivery;
      const sealed = await tx.subscriptions.liveSecrets(subscriptionId, now);
      return { claimed, secrets: sealed.map((secret) => this.sealer.open(subscriptionId, secret)) };
    });
    if (!leased) return false;
    const { claimed, secrets } = leased;
    const body = JSON.stringify(claimed.delivery.event);
    const headers = signedHeaders(secrets, claimed.delivery.event.id, this.clock.now(), body);
    const result = await this.sender.send({ url: claimed.url, body, headers });
    await this.record(claimed, result);
    return true;
  }

  private async record(claimed: ClaimedDelivery, result: AttemptResult): Promise<void> {
    const gaveUp = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      if (result.outcome === 'delivered') {
        await tx.deliveries.recordAttempt(claimed, result, now, { status: 'delivered', nextAttemptAt: now });
        return false;
      }
      const after = afterFailure(claimed.delivery, claimed.delivery.attempts, now, this.settings);
      if (after.next === 'retry') {
        await tx.deliveries.recordAttempt(claimed, result, now, { status: 'pending', nextAttemptAt: after.at });
        return false;
      }
      if (!(await tx.deliveries.recordAttempt(claimed, result, now, { status: 'failed', nextAttemptAt: now }))) {
        return false;
      }
      const subscription = await tx.subscriptions.lock(claimed.delivery.subscriptionId);
      if (subscription?.active) {
        await tx.subscriptions.update({
          ...subscription,
          active: false,
          disabledReason: 'failing',
          disabledAt: now,
          updatedAt: now,
          updatedBy: DELIVERY_WORKER,
        });
      }
      return true;
    });
    this.observer.attempted(claimed, result);
    if (gaveUp) this.observer.gaveUp(claimed, result);
  }
}
