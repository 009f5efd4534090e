/**
 * refunds: what each return refunds, paid exactly once — store credit at once, money through the
 * payment provider against the order's charges, one idempotency key per charge — instant refunds
 * reconciled after inspection, ops' retry or store-credit fall-back of a refund the provider refused, and
 * store credit as a balance per customer and currency that the checkout can spend.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { childSpan, parseTraceparent, runInWorkContext, type Logger } from '@rebound/observability';
import { ReconciliationApiService } from './api/reconciliation-api.service';
import { ReconciliationController } from './api/reconciliation.controller';
import { RefundsApiService } from './api/refunds-api.service';
import { RefundsController } from './api/refunds.controller';
import { StoreCreditApiService } from './api/store-credit-api.service';
import { StoreCreditController } from './api/store-credit.controller';
import type { RefundsConfig } from './config/refunds-config';
import type { Clock, PaymentProvider, TransactionRunner } from './domain/ports';
import { ProcessPayment } from './domain/use-cases/process-payment';
import { RefundsEventsHandler } from './messaging/refunds-events.handler';
import { HttpPaymentProvider } from './payments/http-payment-provider';
import { PaymentWorker } from './payments/payment-worker';
import { RefundsMetrics } from './payments/refunds-metrics';
import { refundsMigrations } from './persistence/migrations';
import { refundsTransactions } from './persistence/refunds-transactions';
import { refundsRetention } from './persistence/retention';
import { CLOCK, LOGGER, PAYMENT_PROVIDER, PAYMENTS, REFUNDS_CONFIG, TRANSACTIONS } from './providers';

@Module({})
export class AppModule {
  /** `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts). */
  static forConfig(config: RefundsConfig, logger: Logger, clock: Clock = { now: () => new Date() }): DynamicModule {
    const service = Services.refunds;
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: refundsMigrations,
        retention: refundsRetention(config.paymentAttemptRetentionMs),
        logger,
      }),
      controllers: [RefundsController, StoreCreditController, ReconciliationController],
      providers: [
        { provide: REFUNDS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: LOGGER, useValue: logger },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => refundsTransactions(dataSource, outbox),
        },
        {
          provide: PAYMENT_PROVIDER,
          useValue: new HttpPaymentProvider(config.paymentProviderUrl, config.paymentTimeoutMs),
        },
        {
          provide: PAYMENTS,
          inject: [TRANSACTIONS, PAYMENT_PROVIDER],
          useFactory: (transactions: TransactionRunner, provider: PaymentProvider) =>
            new ProcessPayment(
              transactions,
              provider,
              clock,
              {
                maxAttempts: config.paymentMaxAttempts,
                backoff: { initialDelayMs: config.paymentRetryInitialMs, maxDelayMs: config.paymentRetryMaxMs },
                leaseMs: config.paymentLeaseMs,
              },
              // Paid on the trace of the work that created the refund, with its return on every line.
              (refund, pay) =>
                runInWorkContext(
                  { trace: childSpan(parseTraceparent(refund.traceparent)), returnId: refund.returnId },
                  pay,
                ),
            ),
        },
        PaymentWorker,
        RefundsMetrics,
        RefundsApiService,
        StoreCreditApiService,
        ReconciliationApiService,
        RefundsEventsHandler,
      ],
    };
  }
}
