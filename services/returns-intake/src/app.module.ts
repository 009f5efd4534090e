/**
 * returns-intake: the order and catalogue read models, the versioned return policy, returns and their
 * decisions, and each return's status and timeline, projected from every other service's events.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import type { Logger } from '@rebound/observability';
import { CLOCK, TRANSACTIONS, provideClock, provideUseCase } from '@rebound/service';
import { OrdersController } from './api/orders.controller';
import { PolicyController } from './api/policy.controller';
import { ProductsController } from './api/products.controller';
import { ReturnsApiService } from './api/returns-api.service';
import { ReturnsController } from './api/returns.controller';
import { ReturnsGrpcController } from './api/grpc/returns.grpc-controller';
import type { IntakeConfig } from './config/intake-config';
import { AssessReturn } from './domain/use-cases/assess-return/assess-return';
import { CancelReturn } from './domain/use-cases/cancel-return/cancel-return';
import { LoadPolicyFile } from './domain/use-cases/load-policy-file/load-policy-file';
import { OpenReturn } from './domain/use-cases/open-return/open-return';
import { ProjectLifecycleEvent } from './domain/use-cases/project-lifecycle-event/project-lifecycle-event';
import { RecordOrder } from './domain/use-cases/record-order/record-order';
import { RecordPartnerCoverage } from './domain/use-cases/record-partner-coverage/record-partner-coverage';
import { RecordProduct } from './domain/use-cases/record-product/record-product';
import { RecordStockLevel } from './domain/use-cases/record-stock-level/record-stock-level';
import { ReplacePolicy } from './domain/use-cases/replace-policy/replace-policy';
import { ReviewReturn } from './domain/use-cases/review-return/review-return';
import { ShowPolicy } from './domain/use-cases/show-policy/show-policy';
import { TrackReplacement } from './domain/use-cases/track-replacement/track-replacement';
import { CatalogueEventsHandler } from './messaging/catalogue-events.handler';
import { LifecycleEventsHandler } from './messaging/lifecycle-events.handler';
import { OrderEventsHandler } from './messaging/order-events.handler';
import { StuckReturnsMetrics } from './metrics/stuck-returns-metrics';
import { PartnerCoverageHandler } from './messaging/partner-coverage.handler';
import { ReplacementEventsHandler } from './messaging/replacement-events.handler';
import { intakeTransaction, intakeTransactions } from './persistence/intake-transactions';
import { intakeMigrations } from './persistence/migrations';
import { PgCatalogueStore } from './persistence/pg-catalogue.store';
import { PgExchangeHistoryStore } from './persistence/pg-exchange-history.store';
import { PgReturnsView } from './persistence/pg-returns.view';
import { ParsedPolicyCache } from './persistence/pg-policy.store';
import { intakeRetention } from './persistence/retention';
import { PolicyFileLoader } from './policy-file.loader';
import { CATALOGUE_VIEW, EXCHANGE_HISTORY_VIEW, INTAKE_CONFIG, RETURNS_VIEW } from './providers';

@Module({})
export class AppModule {
  /** `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts). */
  static forConfig(config: IntakeConfig, logger: Logger): DynamicModule {
    const service = Services.returnsIntake;
    // One per process: API calls and event handlers alike reuse the policy parsed for its version.
    const parsedPolicies = new ParsedPolicyCache();
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: intakeMigrations,
        retention: intakeRetention(config.idempotencyKeyRetentionMs),
        logger,
        // Handlers run the use cases in the inbox's transaction, seen through the ports.
        transactionOf: (manager, outbox) => intakeTransaction(manager, outbox, parsedPolicies),
      }),
      controllers: [ReturnsController, OrdersController, ProductsController, PolicyController, ReturnsGrpcController],
      providers: [
        { provide: INTAKE_CONFIG, useValue: config },
        provideClock(),
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) =>
            intakeTransactions(dataSource, outbox, parsedPolicies),
        },
        {
          provide: RETURNS_VIEW,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PgReturnsView(dataSource),
        },
        {
          provide: CATALOGUE_VIEW,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PgCatalogueStore(dataSource.manager),
        },
        {
          provide: EXCHANGE_HISTORY_VIEW,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PgExchangeHistoryStore(dataSource.manager),
        },
        provideUseCase(AssessReturn, CLOCK, CATALOGUE_VIEW, EXCHANGE_HISTORY_VIEW),
        provideUseCase(OpenReturn, CLOCK),
        provideUseCase(ReviewReturn, CLOCK),
        provideUseCase(CancelReturn, CLOCK),
        provideUseCase(ProjectLifecycleEvent, CLOCK),
        provideUseCase(TrackReplacement, CLOCK),
        provideUseCase(RecordOrder),
        provideUseCase(RecordPartnerCoverage),
        provideUseCase(RecordProduct),
        provideUseCase(RecordStockLevel),
        provideUseCase(LoadPolicyFile),
        provideUseCase(ReplacePolicy),
        provideUseCase(ShowPolicy),
        ReturnsApiService,
        PolicyFileLoader,
        OrderEventsHandler,
        LifecycleEventsHandler,
        PartnerCoverageHandler,
        CatalogueEventsHandler,
        ReplacementEventsHandler,
        StuckReturnsMetrics,
      ],
    };
  }
}
