/**
 * warehouse-qc: the inspection of every returned parcel — queue, claims, grading, disposition and
 * mismatch holds — and the InspectionCompleted fact inventory and refunds act on.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import type { Logger } from '@rebound/observability';
import { CLOCK, TRANSACTIONS, provideClock, provideUseCase } from '@rebound/service';
import { GradingRulesController } from './api/grading-rules.controller';
import { InspectionsController } from './api/inspections.controller';
import { QcApiService } from './api/qc-api.service';
import type { QcConfig } from './config/qc-config';
import type { GradingRules } from './domain/grading-rules';
import type { Clock } from './domain/ports';
import { AddUnexpectedItem } from './domain/use-cases/add-unexpected-item/add-unexpected-item';
import { ClaimInspection } from './domain/use-cases/claim-inspection/claim-inspection';
import { CompleteInspection } from './domain/use-cases/complete-inspection/complete-inspection';
import { OpenInspection } from './domain/use-cases/open-inspection/open-inspection';
import { RecordLine } from './domain/use-cases/record-line/record-line';
import { ResolveHold } from './domain/use-cases/resolve-hold/resolve-hold';
import { QcEventsHandler } from './messaging/qc-events.handler';
import { qcMigrations } from './persistence/migrations';
import { PgInspectionsView } from './persistence/pg-inspections.view';
import { qcTransaction, qcTransactions } from './persistence/qc-transactions';
import { GRADING_RULES, INSPECTIONS_VIEW, QC_CONFIG } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to see claims expire.
   */
  static forConfig(config: QcConfig, rules: GradingRules, logger: Logger, clock?: Clock): DynamicModule {
    const service = Services.warehouseQc;
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: qcMigrations,
        logger,
        transactionOf: qcTransaction,
      }),
      controllers: [InspectionsController, GradingRulesController],
      providers: [
        { provide: QC_CONFIG, useValue: config },
        { provide: GRADING_RULES, useValue: rules },
        provideClock(clock),
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => qcTransactions(dataSource, outbox),
        },
        {
          provide: INSPECTIONS_VIEW,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PgInspectionsView(dataSource.manager),
        },
        provideUseCase(OpenInspection, CLOCK),
        provideUseCase(ClaimInspection, CLOCK, QC_CONFIG),
        provideUseCase(RecordLine, CLOCK, GRADING_RULES),
        provideUseCase(AddUnexpectedItem, CLOCK, GRADING_RULES),
        provideUseCase(CompleteInspection, CLOCK, GRADING_RULES),
        provideUseCase(ResolveHold, CLOCK, GRADING_RULES),
        QcApiService,
        QcEventsHandler,
      ],
    };
  }
}
