/**
 * Sends a delivery again on request — one that was given up, or one the receiver lost — as soon as
 * the worker gets to it, with a retry period of its own. It keeps its `webhook-id`, so a receiver that
 * did process it can tell. Its subscription must be active: a disabled one is called by nobody.
 */
import type { Actor } from '@rebound/contracts';
import type { Delivery } from '../delivery';
import { deliveryNotFound, subscriptionInactive } from '../refusals';
import type { Clock, NotificationsTransaction } from '../ports';

export class Redeliver {
  constructor(private readonly clock: Clock) {}

  async execute(tx: NotificationsTransaction, deliveryId: string, by: Actor): Promise<Delivery> {
    const delivery = await tx.deliveries.lock(deliveryId);
    if (!delivery) throw deliveryNotFound(deliveryId);
    const subscription = await tx.subscriptions.find(delivery.subscriptionId);
    if (!subscription?.active) throw subscriptionInactive(delivery.subscriptionId);
    await tx.deliveries.redeliver(deliveryId, by, this.clock.now());
    return (await tx.deliveries.find(deliveryId)) as Delivery;
  }
}
