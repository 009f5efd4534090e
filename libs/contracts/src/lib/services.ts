/**
 * The five services: the database schema and role each owns, the ports it serves on, the topics each
 * consumes and the dead-letter topic its consumers write to. Each service's configuration takes its
 * defaults from here, provisioning scripts, the local platform and Kubernetes manifests (topics, ACLs,
 * autoscaling) are derived from this list, and the deploy checks hold compose and the manifests to it.
 */
import { PartnerTopics, TopicDefinition, TopicRef, Topics } from './topics';

export interface ServiceDefinition {
  readonly name: string;
  /** Postgres schema the service owns; no other service reads it. */
  readonly schema: string;
  /** Postgres role the service connects as; it can use only `schema`. */
  readonly databaseRole: string;
  /** Where it serves: REST always, gRPC for the services backend callers reach that way. */
  readonly ports: { readonly http: number; readonly grpc?: number };
  readonly deadLetterTopic: TopicDefinition;
  /**
   * What its consumer group (`<name>.main`) reads: the topics its @HandleEvent handlers handle. Kafka
   * ACLs are generated from this (scripts/deploy); each service's fuzz test (`fuzzConsumedEvents`)
   * keeps it equal to the handlers of the running application.
   */
  readonly consumes: readonly TopicRef[];
}

export const Services = {
  returnsIntake: {
    name: 'returns-intake',
    schema: 'returns',
    databaseRole: 'rebound_returns',
    ports: { http: 3001, grpc: 50051 },
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
    ports: { http: 3002 },
    deadLetterTopic: Topics.pickupsDeadLetter,
    consumes: [Topics.returnsReturn, PartnerTopics.tracking],
  },
  warehouseQc: {
    name: 'warehouse-qc',
    schema: 'qc',
    databaseRole: 'rebound_qc',
    ports: { http: 3003 },
    deadLetterTopic: Topics.warehouseDeadLetter,
    consumes: [Topics.returnsReturn, Topics.pickupsPickup],
  },
  inventory: {
    name: 'inventory',
    schema: 'inventory',
    databaseRole: 'rebound_inventory',
    ports: { http: 3004, grpc: 50054 },
    deadLetterTopic: Topics.inventoryDeadLetter,
    consumes: [Topics.pickupsPickup, Topics.warehouseInspection],
  },
  refunds: {
    name: 'refunds',
    schema: 'refunds',
    databaseRole: 'rebound_refunds',
    ports: { http: 3005 },
    deadLetterTopic: Topics.refundsDeadLetter,
    consumes: [Topics.commerceOrder, Topics.returnsReturn, Topics.pickupsPickup, Topics.warehouseInspection],
  },
} as const satisfies Record<string, ServiceDefinition>;

export function allServices(): ServiceDefinition[] {
  return Object.values(Services);
}
