/**
 * A merchant's webhook subscription: where to send which public events, optionally only those of some
 * orders, customers or loyalty tiers, and whether it is active. The filter is deliberately small — a
 * list of accepted values per field, all given fields must match — so that what it lets through is
 * obvious from reading it.
 */
import type { Actor } from '@rebound/contracts';
import { PUBLIC_EVENT_TYPES, type KnownReturn, type PublicEvent, type PublicEventType } from './public-events';

export interface SubscriptionFilter {
  readonly orderIds?: readonly string[];
  readonly customerIds?: readonly string[];
  readonly loyaltyTiers?: readonly string[];
}

export const FILTER_FIELDS = ['orderIds', 'customerIds', 'loyaltyTiers'] as const;

/** Why a subscription stopped being active, when it did. */
export type DisabledReason = 'by-request' | 'failing';

export interface Subscription {
  readonly subscriptionId: string;
  readonly url: string;
  readonly description?: string;
  readonly eventTypes: readonly PublicEventType[];
  readonly filter: SubscriptionFilter;
  readonly active: boolean;
  readonly disabledReason?: DisabledReason;
  readonly disabledAt?: Date;
  readonly createdAt: Date;
  readonly createdBy: Actor;
  readonly updatedAt: Date;
  readonly updatedBy: Actor;
}

/** Whether a subscription wants a public event of this return. */
export function wants(subscription: Subscription, event: PublicEvent, known: KnownReturn): boolean {
  if (!subscription.active || !subscription.eventTypes.includes(event.type)) return false;
  const { orderIds, customerIds, loyaltyTiers } = subscription.filter;
  return (
    accepts(orderIds, known.orderId) &&
    accepts(customerIds, known.customerId) &&
    accepts(loyaltyTiers, known.loyaltyTier)
  );
}

function accepts(values: readonly string[] | undefined, value: string | undefined): boolean {
  return values === undefined || (value !== undefined && values.includes(value));
}

export function isPublicEventType(type: string): type is PublicEventType {
  return (PUBLIC_EVENT_TYPES as readonly string[]).includes(type);
}
