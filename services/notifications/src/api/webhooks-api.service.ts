/**
 * The operations behind the webhook administration API: writes run in a transaction and answer the
 * subscription or delivery as it now is; lists are keyset pages. Refusals are DomainErrors, which
 * libs/http answers as problem details.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@rebound/contracts';
import { decodeCursor, fetchPage, invalidCursor, type Page } from '@rebound/kernel';
import { requireUuid } from '@rebound/http';
import { TRANSACTIONS } from '@rebound/service';
import type { TransactionRunner } from '../domain/ports';
import { deliveryNotFound, subscriptionNotFound } from '../domain/refusals';
import { Redeliver } from '../domain/use-cases/redeliver';
import { SubscriptionChanges, type SubscriptionFields } from '../domain/use-cases/subscription-changes';
import type {
  CreateSubscriptionRequest,
  DeliveriesQuery,
  RotateSecretRequest,
  UpdateSubscriptionRequest,
} from './dto/subscription.requests';
import type {
  CreatedSubscriptionResponse,
  DeliveryResponse,
  RotatedSecretResponse,
  SubscriptionResponse,
} from './dto/subscription.responses';
import { presentDelivery, presentSubscription } from './presenters';

@Injectable()
export class WebhooksApiService {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly changes: SubscriptionChanges,
    private readonly redeliverOne: Redeliver,
  ) {}

  async create(body: CreateSubscriptionRequest, by: Actor): Promise<CreatedSubscriptionResponse> {
    const fields: SubscriptionFields = {
      url: body.url,
      ...(body.description !== undefined && { description: body.description }),
      eventTypes: body.eventTypes,
      filter: filterOf(body.filter),
      active: body.active ?? true,
    };
    const { subscription, secret } = await this.transactions.run((tx) => this.changes.create(tx, fields, by));
    return { ...presentSubscription(subscription), secret };
  }

  async list(query: { limit: number; cursor?: string }): Promise<Page<SubscriptionResponse>> {
    const after = query.cursor === undefined ? undefined : subscriptionPosition(query.cursor);
    return this.transactions.run((tx) =>
      fetchPage(
        query.limit,
        (rows) => tx.subscriptions.page(rows, after),
        (last) => ({ createdAt: last.createdAt.toISOString(), subscriptionId: last.subscriptionId }),
        presentSubscription,
      ),
    );
  }

  async get(subscriptionId: string): Promise<SubscriptionResponse> {
    requireUuid(subscriptionId, 'subscriptionId', 'subscription id');
    const subscription = await this.transactions.run((tx) => tx.subscriptions.find(subscriptionId));
    if (!subscription) throw subscriptionNotFound(subscriptionId);
    return presentSubscription(subscription);
  }

  async update(subscriptionId: string, body: UpdateSubscriptionRequest, by: Actor): Promise<SubscriptionResponse> {
    requireUuid(subscriptionId, 'subscriptionId', 'subscription id');
    const changes: Partial<SubscriptionFields> = {
      ...(body.url !== undefined && { url: body.url }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.eventTypes !== undefined && { eventTypes: body.eventTypes }),
      ...(body.filter !== undefined && { filter: filterOf(body.filter) }),
      ...(body.active !== undefined && { active: body.active }),
    };
    const updated = await this.transactions.run((tx) => this.changes.update(tx, subscriptionId, changes, by));
    return presentSubscription(updated);
  }

  async delete(subscriptionId: string, by: Actor): Promise<void> {
    requireUuid(subscriptionId, 'subscriptionId', 'subscription id');
    await this.transactions.run((tx) => this.changes.delete(tx, subscriptionId, by));
  }

  async rotateSecret(subscriptionId: string, body: RotateSecretRequest, by: Actor): Promise<RotatedSecretResponse> {
    requireUuid(subscriptionId, 'subscriptionId', 'subscription id');
    const overlapMs = body.previousValidForSeconds === undefined ? undefined : body.previousValidForSeconds * 1000;
    const rotated = await this.transactions.run((tx) => this.changes.rotateSecret(tx, subscriptionId, by, overlapMs));
    return {
      subscriptionId: rotated.subscriptionId,
      secret: rotated.secret,
      previousValidUntil: rotated.previousValidUntil?.toISOString() ?? null,
    };
  }

  async deliveries(query: DeliveriesQuery): Promise<Page<DeliveryResponse>> {
    const after = query.cursor === undefined ? undefined : deliveryPosition(query.cursor);
    const filter = { subscriptionId: query.subscriptionId, status: query.status };
    return this.transactions.run((tx) =>
      fetchPage(
        query.limit,
        (rows) => tx.deliveries.page(filter, rows, after),
        (last) => ({ sequence: last.sequence }),
        presentDelivery,
      ),
    );
  }

  async delivery(deliveryId: string): Promise<DeliveryResponse> {
    requireUuid(deliveryId, 'deliveryId', 'delivery id');
    const delivery = await this.transactions.run((tx) => tx.deliveries.find(deliveryId));
    if (!delivery) throw deliveryNotFound(deliveryId);
    return presentDelivery(delivery);
  }

  async redeliver(deliveryId: string, by: Actor): Promise<DeliveryResponse> {
    requireUuid(deliveryId, 'deliveryId', 'delivery id');
    return presentDelivery(await this.transactions.run((tx) => this.redeliverOne.execute(tx, deliveryId, by)));
  }
}

/** The filter as stored: only the fields given. */
function filterOf(filter: CreateSubscriptionRequest['filter']): SubscriptionFields['filter'] {
  return {
    ...(filter?.orderIds !== undefined && { orderIds: filter.orderIds }),
    ...(filter?.customerIds !== undefined && { customerIds: filter.customerIds }),
    ...(filter?.loyaltyTiers !== undefined && { loyaltyTiers: filter.loyaltyTiers }),
  };
}

function subscriptionPosition(cursor: string) {
  const { createdAt, subscriptionId } = decodeCursor(cursor, ['createdAt', 'subscriptionId']);
  const at = new Date(String(createdAt));
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(String(subscriptionId))) throw invalidCursor();
  return { createdAt: at, subscriptionId: String(subscriptionId) };
}

function deliveryPosition(cursor: string): number {
  const { sequence } = decodeCursor(cursor, ['sequence']);
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 1) throw invalidCursor();
  return sequence;
}
