/**
 * A lifecycle event read from a topic becomes its public event, and one delivery per active
 * subscription that wants it — in the inbox's transaction, so the event and its deliveries are
 * recorded together, once. Approvals and rejections are remembered first: they say whose return it
 * is (order, customer, loyalty tier), which every later public event carries and filters match on.
 */
import { ReturnApproved, ReturnRejected, type EventClass, type EventPayload } from '@rebound/contracts';
import { publicEventOf, type KnownReturn, type SourceEvent } from '../public-events';
import { wants } from '../subscription';
import type { Clock, NotificationsTransaction } from '../ports';

/** What became of the event: deliveries made (maybe none), or its return is not known yet. */
export type Recorded = { readonly deliveries: number } | { readonly unknownReturn: string };

export class RecordLifecycleEvent {
  constructor(private readonly clock: Clock) {}

  async execute<T extends EventPayload & { returnId: string }>(
    tx: NotificationsTransaction,
    eventClass: EventClass<T>,
    source: SourceEvent<T>,
  ): Promise<Recorded> {
    const known = (await this.remembered(tx, eventClass, source.data)) ?? (await tx.returns.find(source.data.returnId));
    if (!known) return { unknownReturn: source.data.returnId };
    const event = publicEventOf(eventClass, source, known);
    const subscriptions = (await tx.subscriptions.active()).filter((subscription) => wants(subscription, event, known));
    if (subscriptions.length === 0) return { deliveries: 0 };
    const ids = subscriptions.map((subscription) => subscription.subscriptionId);
    return { deliveries: await tx.deliveries.add(ids, event, known.returnId, this.clock.now()) };
  }

  private async remembered(
    tx: NotificationsTransaction,
    eventClass: EventClass,
    data: EventPayload,
  ): Promise<KnownReturn | undefined> {
    if (eventClass !== ReturnApproved && eventClass !== ReturnRejected) return undefined;
    const decision = data as ReturnApproved | ReturnRejected;
    const known: KnownReturn = {
      returnId: decision.returnId,
      orderId: decision.orderId,
      customerId: decision.customerId,
      ...('loyaltyTier' in decision && decision.loyaltyTier !== undefined && { loyaltyTier: decision.loyaltyTier }),
    };
    await tx.returns.remember(known);
    return known;
  }
}
