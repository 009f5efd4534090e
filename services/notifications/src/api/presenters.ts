/** Domain objects → the API's answers: dates as ISO strings, absent fields left out. */
import type { Delivery } from '../domain/delivery';
import type { Subscription } from '../domain/subscription';
import type { DeliveryResponse, SubscriptionResponse } from './dto/subscription.responses';

export function presentSubscription(subscription: Subscription): SubscriptionResponse {
  return {
    subscriptionId: subscription.subscriptionId,
    url: subscription.url,
    ...(subscription.description !== undefined && { description: subscription.description }),
    eventTypes: [...subscription.eventTypes],
    filter: { ...subscription.filter } as SubscriptionResponse['filter'],
    active: subscription.active,
    ...(subscription.disabledReason !== undefined && { disabledReason: subscription.disabledReason }),
    ...(subscription.disabledAt !== undefined && { disabledAt: subscription.disabledAt.toISOString() }),
    createdAt: subscription.createdAt.toISOString(),
    createdBy: { ...subscription.createdBy },
    updatedAt: subscription.updatedAt.toISOString(),
    updatedBy: { ...subscription.updatedBy },
  };
}

export function presentDelivery(delivery: Delivery): DeliveryResponse {
  const iso = (date: Date | undefined) => date?.toISOString();
  const answer: DeliveryResponse = {
    deliveryId: delivery.deliveryId,
    subscriptionId: delivery.subscriptionId,
    returnId: delivery.returnId,
    eventId: delivery.event.id,
    eventType: delivery.event.type,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt.toISOString(),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: iso(delivery.deliveredAt),
    createdAt: delivery.createdAt.toISOString(),
    redeliveredAt: iso(delivery.redeliveredAt),
    redeliveredBy: delivery.redeliveredBy && { ...delivery.redeliveredBy },
    payload: { ...delivery.event },
  };
  return Object.fromEntries(Object.entries(answer).filter(([, value]) => value !== undefined)) as DeliveryResponse;
}
