/**
 * The five services: the database schema and role each owns, the ports it serves on, the topics each
 * consumes and the dead-letter topic its consumers write to. Each service's configuration takes its
 * defaults from here, provisioning scripts, the local platform and Kubernetes manifests (topics, ACLs,
 * autoscaling) are derived from this list, and the deploy checks hold compose and the manifests to it.
 */
import { PartnerTopics, TopicDefinition, TopicRef, Topics } from './topics';

export interface ServiceDefinition {
  readonly name: string;
  /** What it is responsible for, in a few words (the head of its Kubernetes Deployment, for one). */
  readonly summary: string;
  /** Postgres schema the service owns; no other service reads it. */
  readonly schema: string;
  /** Postgres role the service connects as; it can use only `schema`. */
  readonly databaseRole: string;
  /** Where it serves: REST always, gRPC for the services backend callers reach that way. */
  readonly ports: { readonly http: number; readonly grpc?: number };
  /**
   * The variables of its own configuration, beyond those every service reads (ServiceEnvironment in
   * libs/service): what a deployment may set for it. The service's configuration test keeps this equal
   * to its configuration class; the deploy checks refuse a manifest setting anything else.
   */
  readonly environment: readonly string[];
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
    summary: 'return requests, eligibility and the status of every return',
    schema: 'returns',
    databaseRole: 'rebound_returns',
    ports: { http: 3001, grpc: 50051 },
    environment: [
      'GRPC_PORT',
      'IDEMPOTENCY_KEY_RETENTION_DAYS',
      'POLICY_FILE',
      'STUCK_AFTER',
      'STUCK_GAUGE_REFRESH_SECONDS',
    ],
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
    summary: 'partners, slots, pickups and labels',
    schema: 'pickups',
    databaseRole: 'rebound_pickups',
    ports: { http: 3002 },
    environment: [
      'BOOKING_GRACE_HOURS',
      'BOOKING_HORIZON_DAYS',
      'EXPIRY_SWEEP_INTERVAL_MS',
      'KAFKA_ADMIN_PASSWORD',
      'KAFKA_ADMIN_USERNAME',
      'KAFKA_TOPIC_PARTITIONS',
      'PARTNERS_SEED_FILE',
      'PARTNER_SECRETS_KEY',
      'REBOOK_HORIZON_DAYS',
      'REJECTED_TRACKING_RETENTION_DAYS',
      'WEBHOOK_TOLERANCE_SECONDS',
    ],
    deadLetterTopic: Topics.pickupsDeadLetter,
    consumes: [Topics.returnsReturn, PartnerTopics.tracking],
  },
  warehouseQc: {
    name: 'warehouse-qc',
    summary: 'inspections, grading and dispositions',
    schema: 'qc',
    databaseRole: 'rebound_qc',
    ports: { http: 3003 },
    environment: ['CLAIM_TTL_SECONDS', 'GRADING_RULES_FILE'],
    deadLetterTopic: Topics.warehouseDeadLetter,
    consumes: [Topics.returnsReturn, Topics.pickupsPickup],
  },
  inventory: {
    name: 'inventory',
    summary: 'the stock ledger and stock levels',
    schema: 'inventory',
    databaseRole: 'rebound_inventory',
    ports: { http: 3004, grpc: 50054 },
    environment: ['GRPC_PORT'],
    deadLetterTopic: Topics.inventoryDeadLetter,
    consumes: [Topics.pickupsPickup, Topics.warehouseInspection],
  },
  refunds: {
    name: 'refunds',
    summary: 'refunds and payment attempts',
    schema: 'refunds',
    databaseRole: 'rebound_refunds',
    ports: { http: 3005 },
    environment: [
      'PAYMENT_ATTEMPT_RETENTION_DAYS',
      'PAYMENT_LEASE_MS',
      'PAYMENT_MAX_ATTEMPTS',
      'PAYMENT_POLL_INTERVAL_MS',
      'PAYMENT_PROVIDER_URL',
      'PAYMENT_RETRY_INITIAL_MS',
      'PAYMENT_RETRY_MAX_MS',
      'PAYMENT_TIMEOUT_MS',
    ],
    deadLetterTopic: Topics.refundsDeadLetter,
    consumes: [Topics.commerceOrder, Topics.returnsReturn, Topics.pickupsPickup, Topics.warehouseInspection],
  },
} as const satisfies Record<string, ServiceDefinition>;

export function allServices(): ServiceDefinition[] {
  return Object.values(Services);
}
