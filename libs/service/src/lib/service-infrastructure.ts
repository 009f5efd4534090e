/**
 * What every service's root module imports: its DataSource on its own schema (messaging tables and
 * its migrations, migrated at start unless told otherwise; the session timeouts of
 * DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS; old inbox rows and the
 * service's own retention rules deleted hourly), its messaging — outbox, relay and one
 * consumer group `<service>.main` — and its operations endpoints (/health/live, /health/ready, /metrics).
 */
import type { DynamicModule } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import type { ServiceDefinition } from '@rebound/contracts';
import type { Logger } from '@rebound/observability';
import type { RetentionRule } from '@rebound/persistence';
import { PersistenceModule } from '@rebound/persistence/nest';
import { inboxRetention, serviceMigrations } from '@rebound/messaging';
import { MessagingModule, type MessagingModuleOptions } from '@rebound/messaging/nest';
import { ServiceOperationsModule } from './service-operations';
import type { ServiceSettings } from './service-environment';

export interface ServiceInfrastructureOptions extends ServiceSettings {
  readonly service: ServiceDefinition;
  /** The service's own migrations; the messaging tables' come first. */
  readonly migrations: readonly (new () => MigrationInterface)[];
  /** What the service keeps only for a while, besides the inbox (whose rule comes first). */
  readonly retention?: readonly RetentionRule[];
  readonly logger: Logger;
  /** What the service's `@HandleEvent` methods receive instead of the EntityManager (MessagingModuleOptions). */
  readonly transactionOf?: MessagingModuleOptions['transactionOf'];
  /** How its consumer takes partitions and batches, where the messaging defaults do not suit it. */
  readonly consumer?: Pick<
    NonNullable<MessagingModuleOptions['consumer']>,
    'partitionsConsumedConcurrently' | 'maxEventsPerTransaction' | 'maxTransactionMs'
  >;
}

export function serviceInfrastructure(options: ServiceInfrastructureOptions): DynamicModule[] {
  const { service } = options;
  return [
    PersistenceModule.forRootAsync({
      useFactory: () => ({
        url: options.databaseUrl,
        schema: options.databaseSchema,
        migrations: serviceMigrations(options.migrations),
        applicationName: service.name,
        migrateOnStart: options.migrateOnStart,
        statementTimeoutMs: options.databaseStatementTimeoutMs,
        idleInTransactionTimeoutMs: options.databaseIdleInTransactionTimeoutMs,
        retention: {
          rules: [inboxRetention(options.inboxRetentionMs), ...(options.retention ?? [])],
          logger: options.logger,
        },
      }),
    }),
    MessagingModule.forRootAsync({
      useFactory: () => ({
        service,
        groupId: `${service.name}.main`,
        connection: options.kafka,
        namespace: options.kafkaTopicNamespace,
        logger: options.logger,
        transactionOf: options.transactionOf,
        // Heartbeats well within the session, as Kafka advises (a third of it at most).
        consumer: {
          ...options.consumer,
          sessionTimeoutMs: options.kafkaSessionTimeoutMs,
          heartbeatIntervalMs: Math.min(3_000, Math.floor(options.kafkaSessionTimeoutMs / 3)),
        },
      }),
    }),
    ServiceOperationsModule.forRoot(options.logger),
  ];
}
