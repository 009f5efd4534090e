/**
 * The topic catalogue: the only place a topic name is written. Scripts create topics from it,
 * services subscribe and publish through it, and Kubernetes topic resources are generated from it.
 */
import { describePattern } from './validation/field-expectation';

export const TOPIC_NAME_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.v[1-9][0-9]*$/;

export type CleanupPolicy = 'delete' | 'compact';

export interface TopicDefinition {
  readonly name: string;
  /** The service that publishes to the topic, or `external` for topics written by other systems. */
  readonly producer: string;
  readonly description: string;
  /** What the Kafka key (and the CloudEvents subject) is: the entity whose events stay in order. */
  readonly key: string;
  readonly cleanupPolicy: CleanupPolicy;
}

/** A family of per-partner topics (`partners.<partnerId>.<kind>.v1`), created when a partner is registered. */
export interface TopicFamily {
  readonly kind: string;
  readonly producer: string;
  readonly description: string;
  readonly key: string;
  readonly cleanupPolicy: CleanupPolicy;
  /** Matches every topic of the family; capture group 1 is the partner id. */
  readonly pattern: RegExp;
  nameFor(partnerId: string): string;
  partnerIdOf(topic: string): string | undefined;
}

export const PARTNER_ID_PATTERN = describePattern(
  /^[a-z0-9][a-z0-9-]{0,62}$/,
  'a partner id: lowercase letters, digits and -, starting with a letter or digit, at most 63',
);

function topic(definition: Omit<TopicDefinition, 'cleanupPolicy'> & Partial<TopicDefinition>): TopicDefinition {
  if (!TOPIC_NAME_PATTERN.test(definition.name)) {
    throw new Error(`topic name "${definition.name}" does not follow <domain>.<entity>.v<N>`);
  }
  return Object.freeze({ cleanupPolicy: 'delete', ...definition });
}

function partnerTopicFamily(kind: string, producer: string, description: string, key: string): TopicFamily {
  const pattern = new RegExp(`^partners\\.([a-z0-9][a-z0-9-]{0,62})\\.${kind}\\.v1$`);
  return Object.freeze({
    kind,
    producer,
    description,
    key,
    cleanupPolicy: 'delete' as const,
    pattern,
    nameFor(partnerId: string): string {
      if (!PARTNER_ID_PATTERN.test(partnerId)) {
        throw new Error(`partner id "${partnerId}" must match ${PARTNER_ID_PATTERN}`);
      }
      return `partners.${partnerId}.${kind}.v1`;
    },
    partnerIdOf(topicName: string): string | undefined {
      return pattern.exec(topicName)?.[1];
    },
  });
}

export const Topics = {
  commerceOrder: topic({
    name: 'commerce.order.v1',
    key: 'The order id.',
    producer: 'external',
    description: 'Orders placed and delivered, published by the commerce platform; feeds the order read model.',
  }),
  commerceProduct: topic({
    name: 'commerce.product.v1',
    key: 'The product id.',
    producer: 'external',
    description:
      'Every product the commerce platform sells, its options and its variants (sku, price, active), keyed by product id: the latest snapshot is the product.',
    cleanupPolicy: 'compact',
  }),
  returnsReturn: topic({
    name: 'returns.return.v1',
    key: 'The return id.',
    producer: 'returns-intake',
    description: 'Lifecycle facts of a return: requested, approved, rejected, cancelled, expired, completed.',
  }),
  pickupsPickup: topic({
    name: 'pickups.pickup.v1',
    key: 'The return id the pickup collects.',
    producer: 'pickup-scheduling',
    description: 'Pickups and labels: scheduled, attempted, picked up, in transit, delivered to a warehouse.',
  }),
  pickupsPartner: topic({
    name: 'pickups.partner.v1',
    key: 'The partner id.',
    producer: 'pickup-scheduling',
    description:
      'Where, how and when each 3PL partner collects, keyed by partner id: the latest value is its coverage.',
    cleanupPolicy: 'compact',
  }),
  warehouseInspection: topic({
    name: 'warehouse.inspection.v1',
    key: 'The return id the inspection grades.',
    producer: 'warehouse-qc',
    description: 'Inspections opened and completed, with the grade and disposition of every line.',
  }),
  inventoryStock: topic({
    name: 'inventory.stock.v1',
    key: 'The return id the movement comes from.',
    producer: 'inventory',
    description:
      'Stock movements caused by returns: restocked, moved to refurbish, scrapped; replacements reserved, released and allocated to exchange orders.',
  }),
  inventoryStockLevel: topic({
    name: 'inventory.stock-level.v1',
    key: '`<sku>@<warehouseId>` (`stockLevelKey`).',
    producer: 'inventory',
    description: 'Latest sellable and expected-inbound quantity per <sku>@<warehouse>, for sales channels.',
    cleanupPolicy: 'compact',
  }),
  refundsRefund: topic({
    name: 'refunds.refund.v1',
    key: 'The return id the refund pays for.',
    producer: 'refunds',
    description: 'Refunds issued, failed and adjusted, and store credit issued.',
  }),
  refundsStoreCredit: topic({
    name: 'refunds.store-credit.v1',
    key: 'The customer id.',
    producer: 'refunds',
    description:
      "Every change of a customer's store-credit balance (issued, bonus, redeemed, reversed, expired), keyed by customer id.",
  }),
  returnsDeadLetter: topic({
    name: 'returns.dead-letter.v1',
    key: 'The key of the message that could not be processed, unchanged.',
    producer: 'returns-intake',
    description: 'Messages returns-intake could not process, with the error and original coordinates in headers.',
  }),
  pickupsDeadLetter: topic({
    name: 'pickups.dead-letter.v1',
    key: 'The key of the message that could not be processed, unchanged.',
    producer: 'pickup-scheduling',
    description: 'Messages pickup-scheduling could not process (including bad partner events).',
  }),
  warehouseDeadLetter: topic({
    name: 'warehouse.dead-letter.v1',
    key: 'The key of the message that could not be processed, unchanged.',
    producer: 'warehouse-qc',
    description: 'Messages warehouse-qc could not process.',
  }),
  inventoryDeadLetter: topic({
    name: 'inventory.dead-letter.v1',
    key: 'The key of the message that could not be processed, unchanged.',
    producer: 'inventory',
    description: 'Messages inventory could not process.',
  }),
  refundsDeadLetter: topic({
    name: 'refunds.dead-letter.v1',
    key: 'The key of the message that could not be processed, unchanged.',
    producer: 'refunds',
    description: 'Messages refunds could not process.',
  }),
  notificationsDeadLetter: topic({
    name: 'notifications.dead-letter.v1',
    key: 'The key of the message that could not be processed, unchanged.',
    producer: 'notifications',
    description: 'Messages notifications could not process.',
  }),
} as const satisfies Record<string, TopicDefinition>;

export const PartnerTopics = {
  tracking: partnerTopicFamily(
    'tracking',
    'external',
    "A 3PL partner's tracking events; the partner is taken from the topic name, never from the payload.",
    'The pickup id.',
  ),
  bookings: partnerTopicFamily(
    'bookings',
    'pickup-scheduling',
    'Pickup bookings sent to one 3PL partner.',
    'The return id the pickup collects.',
  ),
} as const satisfies Record<string, TopicFamily>;

export type TopicRef = TopicDefinition | TopicFamily;

export function isTopicFamily(ref: TopicRef): ref is TopicFamily {
  return 'pattern' in ref;
}

/** Whether a concrete topic name belongs to a catalogue entry (a single topic or a family). */
export function topicMatches(ref: TopicRef, topicName: string): boolean {
  return isTopicFamily(ref) ? ref.pattern.test(topicName) : ref.name === topicName;
}

/** Every fixed topic of the catalogue, in a stable order. */
export function catalogueTopics(): TopicDefinition[] {
  return Object.values(Topics);
}
