/**
 * notifications: tells merchants' systems what happens to their returns — the lifecycle events
 * consumed from the other services become public events, delivered as signed webhooks
 * (Standard Webhooks) to the subscriptions that want them, retried, in order per return.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Services } from '@rebound/contracts';
import { systemClock, type Clock } from '@rebound/kernel';
import { Outbox } from '@rebound/messaging';
import type { Logger } from '@rebound/observability';
import { CLOCK, TRANSACTIONS, provideClock, provideUseCase, serviceInfrastructure } from '@rebound/service';
import { WebhookDeliveriesController, WebhookSubscriptionsController } from './api/webhook-subscriptions.controller';
import { WebhooksApiService } from './api/webhooks-api.service';
import type { NotificationsConfig } from './config/notifications-config';
import { DeliveryWorker } from './delivery/delivery-worker';
import { HttpWebhookSender } from './delivery/http-webhook-sender';
import { WebhookMetrics } from './delivery/webhook-metrics';
import type { SecretSealer, TransactionRunner } from './domain/ports';
import { DeliverWebhook } from './domain/processes/deliver-webhook';
import { RecordLifecycleEvent } from './domain/use-cases/record-lifecycle-event';
import { Redeliver } from './domain/use-cases/redeliver';
import { SubscriptionChanges } from './domain/use-cases/subscription-changes';
import { NotificationsEventsHandler } from './messaging/notifications-events.handler';
import { notificationsMigrations } from './persistence/migrations';
import { notificationsTransaction, notificationsTransactions } from './persistence/notifications-transactions';
import { subscriptionSecretCipher } from './persistence/subscription-secret-cipher';
import { DELIVERIES, LOGGER, NOTIFICATIONS_CONFIG, SECRET_SEALER, SUBSCRIPTION_SETTINGS } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to see retries run out.
   */
  static forConfig(config: NotificationsConfig, logger: Logger, clock: Clock = systemClock): DynamicModule {
    const service = Services.notifications;
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: notificationsMigrations,
        logger,
        transactionOf: notificationsTransaction,
      }),
      controllers: [WebhookSubscriptionsController, WebhookDeliveriesController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        provideClock(clock),
        { provide: SECRET_SEALER, useValue: subscriptionSecretCipher(config.webhookSecretsKey) },
        {
          provide: SUBSCRIPTION_SETTINGS,
          useValue: { allowedHosts: config.allowedHosts, secretOverlapMs: config.secretOverlapMs },
        },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => notificationsTransactions(dataSource, outbox),
        },
        provideUseCase(SubscriptionChanges, CLOCK, SECRET_SEALER, SUBSCRIPTION_SETTINGS),
        provideUseCase(Redeliver, CLOCK),
        provideUseCase(RecordLifecycleEvent, CLOCK),
        WebhookMetrics,
        {
          provide: DELIVERIES,
          inject: [TRANSACTIONS, SECRET_SEALER, CLOCK, WebhookMetrics],
          useFactory: (
            transactions: TransactionRunner,
            sealer: SecretSealer,
            runClock: Clock,
            metrics: WebhookMetrics,
          ) =>
            new DeliverWebhook(
              transactions,
              new HttpWebhookSender(config.webhookTimeoutMs, config.allowedHosts),
              sealer,
              runClock,
              {
                initialDelayMs: config.retryInitialMs,
                maxDelayMs: config.retryMaxMs,
                retryPeriodMs: config.retryPeriodMs,
                leaseMs: config.webhookLeaseMs,
              },
              metrics,
            ),
        },
        DeliveryWorker,
        WebhooksApiService,
        NotificationsEventsHandler,
      ],
    };
  }
}
