/**
 * The five services: the database schema and role each owns, the topics each consumes and the
 * dead-letter topic its consumers write to. Provisioning scripts and Kubernetes manifests (topics,
 * ACLs, autoscaling) are derived from this list.
 */
import { PartnerTopics, TopicDefinition, TopicRef, Topics } from './topics';

export interface ServiceDefinition {
  readonly name: string;
  /** Postgres schema the service owns; no other service reads it. */
  readonly schema: string;
  /** Postgres role the service connects as; it can use only `schema`. */
  readonly databaseRole: string;
  readonly deadLetterTopic: TopicDefinition;
  /**
   * What its consumer group (`<name>.main`) reads: the topics its @HandleEvent handlers handle. Kafka
   * ACLs are generated from this (scripts/deploy), and a test keeps it equal to the handlers.
   */
  readonly consumes: readonly TopicRef[];
}

export const Services = {
  returnsIntake: {
    name: 'returns-intake',
    schema: 'returns',
    databaseRole: 'rebound_returns',
    deadLetterTopic: Topics.returnsDeadLetter,
    consumes: [
      Topics.commerceOrder,
      Topics.pickupsPartner,
      Topics.pickupsPickup,
      Topics.warehouseInspection,
      Topics.refundsRefund,
    ],
  },
  pickupScheduling: {
    name: 'pickup-scheduling',
    schema: 'pickups',
    databaseRole: 'rebound_pickups',
    deadLetterTopic: Topics.pickupsDeadLetter,
    consumes: [Topics.returnsReturn, PartnerTopics.tracking],
  },
  warehouseQc: {
    name: 'warehouse-qc',
    schema: 'qc',
    databaseRole: 'rebound_qc',
    deadLetterTopic: Topics.warehouseDeadLetter,
    consumes: [Topics.returnsReturn, Topics.pickupsPickup],
  },
  inventory: {
    name: 'inventory',
    schema: 'inventory',
    databaseRole: 'rebound_inventory',
    deadLetterTopic: Topics.inventoryDeadLetter,
    consumes: [Topics.pickupsPickup, Topics.warehouseInspection],
  },
  refunds: {
    name: 'refunds',
    schema: 'refunds',
    databaseRole: 'rebound_refunds',
    deadLetterTopic: Topics.refundsDeadLetter,
    consumes: [Topics.commerceOrder, Topics.returnsReturn, Topics.pickupsPickup, Topics.warehouseInspection],
  },
} as const satisfies Record<string, ServiceDefinition>;

export function allServices(): ServiceDefinition[] {
  return Object.values(Services);
}
