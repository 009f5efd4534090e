/**
 * Creating, changing, deleting a webhook subscription and rotating its secret. The secret is made
 * here, answered once (on create and on rotate) and stored only sealed. Every change records the
 * caller it came from; the destination is checked against the SSRF rules each time it is set.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '@rebound/contracts';
import { destinationProblem } from '../destination';
import type { PublicEventType } from '../public-events';
import { destinationNotAllowed, subscriptionNotFound } from '../refusals';
import { newSigningSecret } from '../signing';
import type { Subscription, SubscriptionFilter } from '../subscription';
import type { Clock, NotificationsTransaction, SecretSealer, SubscriptionSettings } from '../ports';

export interface SubscriptionFields {
  readonly url: string;
  readonly description?: string;
  readonly eventTypes: readonly PublicEventType[];
  readonly filter: SubscriptionFilter;
  readonly active: boolean;
}

/** A subscription with the secret that signs its deliveries, answered only when it is made. */
export interface SubscriptionWithSecret {
  readonly subscription: Subscription;
  readonly secret: string;
}

export interface RotatedSecret {
  readonly subscriptionId: string;
  readonly secret: string;
  /** Until when the secrets it replaces keep signing; null when they stopped at once. */
  readonly previousValidUntil: Date | null;
}

export class SubscriptionChanges {
  constructor(
    private readonly clock: Clock,
    private readonly sealer: SecretSealer,
    private readonly settings: SubscriptionSettings,
  ) {}

  async create(tx: NotificationsTransaction, fields: SubscriptionFields, by: Actor): Promise<SubscriptionWithSecret> {
    this.checkDestination(fields.url);
    const now = this.clock.now();
    const subscription: Subscription = {
      subscriptionId: randomUUID(),
      ...fields,
      ...(!fields.active && { disabledReason: 'by-request' as const, disabledAt: now }),
      createdAt: now,
      createdBy: by,
      updatedAt: now,
      updatedBy: by,
    };
    const secret = newSigningSecret();
    await tx.subscriptions.insert(subscription);
    await tx.subscriptions.addSecret(
      subscription.subscriptionId,
      this.sealer.seal(subscription.subscriptionId, secret),
      now,
    );
    return { subscription, secret };
  }

  /** Changes what is given; activating a subscription disabled for failing restarts its pending deliveries' retries. */
  async update(
    tx: NotificationsTransaction,
    subscriptionId: string,
    changes: Partial<SubscriptionFields>,
    by: Actor,
  ): Promise<Subscription> {
    const current = await tx.subscriptions.lock(subscriptionId);
    if (!current) throw subscriptionNotFound(subscriptionId);
    if (changes.url !== undefined) this.checkDestination(changes.url);
    const now = this.clock.now();
    const active = changes.active ?? current.active;
    const activation = active === current.active ? {} : active ? enabled() : disabled(now);
    const updated: Subscription = { ...current, ...changes, ...activation, updatedAt: now, updatedBy: by };
    await tx.subscriptions.update(updated);
    if (active && !current.active) await tx.deliveries.restartRetries(subscriptionId, now);
    return updated;
  }

  async delete(tx: NotificationsTransaction, subscriptionId: string, by: Actor): Promise<void> {
    if (!(await tx.subscriptions.lock(subscriptionId))) throw subscriptionNotFound(subscriptionId);
    await tx.subscriptions.markDeleted(subscriptionId, by, this.clock.now());
  }

  /**
   * A new secret; the ones it replaces keep signing for `overlapMs` (the configured overlap unless
   * given), so the receiver can switch without refusing a delivery. Deliveries meanwhile carry a
   * signature per secret.
   */
  async rotateSecret(
    tx: NotificationsTransaction,
    subscriptionId: string,
    by: Actor,
    overlapMs = this.settings.secretOverlapMs,
  ): Promise<RotatedSecret> {
    const current = await tx.subscriptions.lock(subscriptionId);
    if (!current) throw subscriptionNotFound(subscriptionId);
    const now = this.clock.now();
    const previousValidUntil = overlapMs > 0 ? new Date(now.getTime() + overlapMs) : null;
    await tx.subscriptions.expireSecrets(subscriptionId, previousValidUntil ?? now, now);
    const secret = newSigningSecret();
    await tx.subscriptions.addSecret(subscriptionId, this.sealer.seal(subscriptionId, secret), now);
    await tx.subscriptions.update({ ...current, updatedAt: now, updatedBy: by });
    return { subscriptionId, secret, previousValidUntil };
  }

  private checkDestination(url: string): void {
    const problem = destinationProblem(url, this.settings.allowedHosts);
    if (problem) throw destinationNotAllowed(url, problem);
  }
}

function enabled(): Partial<Subscription> {
  return { disabledReason: undefined, disabledAt: undefined };
}

function disabled(at: Date): Partial<Subscription> {
  return { disabledReason: 'by-request', disabledAt: at };
}
