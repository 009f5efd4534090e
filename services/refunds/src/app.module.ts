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
import { systemClock } from '@rebound/kernel';
import { Outbox } from '@rebound/messaging';
import { childSpan, parseTraceparent, runInWorkContext, type Logger } from '@rebound/observability';
import { CLOCK, TRANSACTIONS, provideClock, provideUseCase } from '@rebound/service';
import { ReconciliationApiService } from './api/reconciliation-api.service';
import { ReconciliationController } from './api/reconciliation.controller';
import { RefundsApiService } from './api/refunds-api.service';
import { RefundsController } from './api/refunds.controller';
import { StoreCreditApiService } from './api/store-credit-api.service';
import { StoreCreditController } from './api/store-credit.controller';
import type { RefundsConfig } from './config/refunds-config';
import type { Clock, PaymentProvider, TransactionRunner } from './domain/ports';
import { ProcessPayment } from './domain/processes/process-payment';
import { ActOnRefund } from './domain/use-cases/act-on-refund/act-on-refund';
import { ClaimDuePayment } from './domain/use-cases/claim-due-payment/claim-due-payment';
import { RecordApproval } from './domain/use-cases/record-approval/record-approval';
import { RecordCaptures } from './domain/use-cases/record-captures/record-captures';
import { RecordPaymentOutcome } from './domain/use-cases/record-payment-outcome/record-payment-outcome';
import { RedeemStoreCredit } from './domain/use-cases/redeem-store-credit/redeem-store-credit';
import { ReverseInstantRefund } from './domain/use-cases/reverse-instant-refund/reverse-instant-refund';
import { SettleInspection } from './domain/use-cases/settle-inspection/settle-inspection';
import { SettleExchange } from './domain/use-cases/settle-exchange/settle-exchange';
import { ChangeLineResolution } from './domain/use-cases/change-line-resolution/change-line-resolution';
import { RefundsEventsHandler } from './messaging/refunds-events.handler';
import { HttpPaymentProvider } from './payments/http-payment-provider';
import { PaymentWorker } from './payments/payment-worker';
import { RefundsMetrics } from './payments/refunds-metrics';
import { refundsMigrations } from './persistence/migrations';
import { PgReconciliationReads } from './persistence/pg-reconciliation.reads';
import { PgRefundsReads } from './persistence/pg-refunds.reads';
import { PgStoreCreditStore } from './persistence/pg-store-credit.store';
import { refundsTransaction, refundsTransactions } from './persistence/refunds-transactions';
import { refundsRetention } from './persistence/retention';
import {
  LOGGER,
  PAYMENT_PROVIDER,
  PAYMENT_SETTINGS,
  PAYMENTS,
  RECONCILIATION_READS,
  REFUNDS_CONFIG,
  REFUNDS_READS,
  STORE_CREDIT_READS,
} from './providers';

@Module({})
export class AppModule {
  /** `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts). */
  static forConfig(config: RefundsConfig, logger: Logger, clock: Clock = systemClock): DynamicModule {
    const service = Services.refunds;
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: refundsMigrations,
        retention: refundsRetention(config.paymentAttemptRetentionMs),
        logger,
        transactionOf: refundsTransaction,
      }),
      controllers: [RefundsController, StoreCreditController, ReconciliationController],
      providers: [
        { provide: REFUNDS_CONFIG, useValue: config },
        provideClock(clock),
        { provide: LOGGER, useValue: logger },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => refundsTransactions(dataSource, outbox),
        },
        {
          provide: REFUNDS_READS,
          inject: [DataSource],
          useFactory: (db: DataSource) => new PgRefundsReads(db.manager),
        },
        {
          provide: STORE_CREDIT_READS,
          inject: [DataSource],
          useFactory: (db: DataSource) => new PgStoreCreditStore(db.manager),
        },
        {
          provide: RECONCILIATION_READS,
          inject: [DataSource],
          useFactory: (db: DataSource) => new PgReconciliationReads(db.manager),
        },
        {
          provide: PAYMENT_PROVIDER,
          useValue: new HttpPaymentProvider(config.paymentProviderUrl, config.paymentTimeoutMs),
        },
        {
          provide: PAYMENT_SETTINGS,
          useValue: {
            maxAttempts: config.paymentMaxAttempts,
            backoff: { initialDelayMs: config.paymentRetryInitialMs, maxDelayMs: config.paymentRetryMaxMs },
            leaseMs: config.paymentLeaseMs,
          },
        },
        provideUseCase(RecordApproval, CLOCK),
        provideUseCase(RecordCaptures),
        provideUseCase(SettleInspection, CLOCK),
        provideUseCase(SettleExchange, CLOCK),
        provideUseCase(ChangeLineResolution),
        provideUseCase(ReverseInstantRefund, CLOCK),
        provideUseCase(ActOnRefund, CLOCK),
        provideUseCase(RedeemStoreCredit, CLOCK),
        provideUseCase(ClaimDuePayment, CLOCK, PAYMENT_SETTINGS),
        provideUseCase(RecordPaymentOutcome, CLOCK, PAYMENT_SETTINGS),
        {
          provide: PAYMENTS,
          inject: [TRANSACTIONS, PAYMENT_PROVIDER, CLOCK, ClaimDuePayment, RecordPaymentOutcome],
          useFactory: (
            transactions: TransactionRunner,
            provider: PaymentProvider,
            runClock: Clock,
            claim: ClaimDuePayment,
            recordOutcome: RecordPaymentOutcome,
          ) =>
            new ProcessPayment(
              transactions,
              provider,
              runClock,
              claim,
              recordOutcome,
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
