/** What the use cases, the delivery worker and the API need from the outside: stores, a clock, the sender. */
import type { Clock, Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor } from '@rebound/contracts';
import type { AttemptResult, Delivery, DeliveryStatus } from './delivery';
import type { KnownReturn, PublicEvent } from './public-events';
import type { AllowedHosts } from './destination';
import type { Subscription } from './subscription';

export type { Clock };

/** Where a page of subscriptions starts: after this creation time and id. */
export interface SubscriptionPosition {
  readonly createdAt: Date;
  readonly subscriptionId: string;
}

export interface SubscriptionsStore {
  insert(subscription: Subscription): Promise<void>;
  /** The subscription, locked until the transaction ends; undefined when it does not exist or was deleted. */
  lock(subscriptionId: string): Promise<Subscription | undefined>;
  find(subscriptionId: string): Promise<Subscription | undefined>;
  update(subscription: Subscription): Promise<void>;
  /** Deleted subscriptions are kept (with their deliveries) but no longer listed, matched or called. */
  markDeleted(subscriptionId: string, by: Actor, at: Date): Promise<void>;
  page(limit: number, after?: SubscriptionPosition): Promise<Subscription[]>;
  /** Every active subscription: the candidates of a public event (few per merchant, so matched in code). */
  active(): Promise<Subscription[]>;
  /** Adds a signing secret, sealed; it signs until `expiresAt`, if given. */
  addSecret(subscriptionId: string, sealedSecret: string, createdAt: Date): Promise<void>;
  /**
   * Before a new secret is added: the current secret keeps signing until `until` (a rotation's
   * overlap), and one it had replaced stops at `now`.
   */
  expireSecrets(subscriptionId: string, until: Date, now: Date): Promise<void>;
  /** The sealed secrets that sign at `now`, newest first. */
  liveSecrets(subscriptionId: string, now: Date): Promise<string[]>;
}

export interface ReturnsStore {
  /** False when the return was remembered before. */
  remember(known: KnownReturn): Promise<boolean>;
  find(returnId: string): Promise<KnownReturn | undefined>;
}

/** A delivery the worker holds the lease of, with what it needs to make the call. */
export interface ClaimedDelivery {
  readonly delivery: Delivery;
  readonly url: string;
  /** Proves the lease: only its holder records the attempt. */
  readonly leaseToken: string;
}

export interface DeliveryListFilter {
  readonly subscriptionId?: string;
  readonly status?: DeliveryStatus;
}

export interface DeliveriesStore {
  /** One delivery per subscription; a public event already delivered to one is not added again. */
  add(subscriptionIds: readonly string[], event: PublicEvent, returnId: string, at: Date): Promise<number>;
  /**
   * Leases the next due delivery: pending, due, of an active subscription with no other delivery in
   * flight, and with no earlier pending delivery of its return to that subscription.
   */
  claimNext(now: Date, leaseMs: number): Promise<ClaimedDelivery | undefined>;
  /** Records an attempt of a leased delivery; false when the lease was lost meanwhile. */
  recordAttempt(
    claimed: ClaimedDelivery,
    result: AttemptResult,
    at: Date,
    next: { status: DeliveryStatus; nextAttemptAt: Date },
  ): Promise<boolean>;
  find(deliveryId: string): Promise<Delivery | undefined>;
  lock(deliveryId: string): Promise<Delivery | undefined>;
  /** Makes a delivery pending again, due now, with a retry period starting now. */
  redeliver(deliveryId: string, by: Actor, at: Date): Promise<void>;
  /** A re-enabled subscription's pending deliveries get a retry period starting now. */
  restartRetries(subscriptionId: string, at: Date): Promise<void>;
  page(filter: DeliveryListFilter, limit: number, afterSequence?: number): Promise<Delivery[]>;
}

export interface NotificationsTransaction extends Transaction {
  readonly subscriptions: SubscriptionsStore;
  readonly returns: ReturnsStore;
  readonly deliveries: DeliveriesStore;
}

export type TransactionRunner = KernelTransactionRunner<NotificationsTransaction>;

/** A signed webhook on its way: the body as sent and the Standard Webhooks headers. */
export interface SignedRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Makes the HTTP call of an attempt, within its timeout, to an allowed destination only. */
export interface WebhookSender {
  send(request: SignedRequest): Promise<AttemptResult>;
}

/** Seals signing secrets for storage, bound to their subscription, and opens them to sign. */
export interface SecretSealer {
  seal(subscriptionId: string, secret: string): string;
  open(subscriptionId: string, sealed: string): string;
}

/** What the subscription use cases are configured with. */
export interface SubscriptionSettings {
  readonly allowedHosts: AllowedHosts;
  /** How long a replaced secret keeps signing after a rotation, unless the rotation says otherwise. */
  readonly secretOverlapMs: number;
}
