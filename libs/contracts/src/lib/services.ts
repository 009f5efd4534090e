/**
 * The five services: the database schema and role each owns, and the dead-letter topic its
 * consumers write to. Provisioning scripts and Kubernetes manifests are derived from this list.
 */
import { TopicDefinition, Topics } from './topics';

export interface ServiceDefinition {
  readonly name: string;
  /** Postgres schema the service owns; no other service reads it. */
  readonly schema: string;
  /** Postgres role the service connects as; it can use only `schema`. */
  readonly databaseRole: string;
  readonly deadLetterTopic: TopicDefinition;
}

export const Services = {
  returnsIntake: {
    name: 'returns-intake',
    schema: 'returns',
    databaseRole: 'rebound_returns',
    deadLetterTopic: Topics.returnsDeadLetter,
  },
  pickupScheduling: {
    name: 'pickup-scheduling',
    schema: 'pickups',
    databaseRole: 'rebound_pickups',
    deadLetterTopic: Topics.pickupsDeadLetter,
  },
  warehouseQc: {
    name: 'warehouse-qc',
    schema: 'qc',
    databaseRole: 'rebound_qc',
    deadLetterTopic: Topics.warehouseDeadLetter,
  },
  inventory: {
    name: 'inventory',
    schema: 'inventory',
    databaseRole: 'rebound_inventory',
    deadLetterTopic: Topics.inventoryDeadLetter,
  },
  refunds: {
    name: 'refunds',
    schema: 'refunds',
    databaseRole: 'rebound_refunds',
    deadLetterTopic: Topics.refundsDeadLetter,
  },
} as const satisfies Record<string, ServiceDefinition>;

export function allServices(): ServiceDefinition[] {
  return Object.values(Services);
}
