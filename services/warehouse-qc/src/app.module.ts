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
import { GradingRulesController } from './api/grading-rules.controller';
import { InspectionsController } from './api/inspections.controller';
import { QcApiService } from './api/qc-api.service';
import type { QcConfig } from './config/qc-config';
import type { GradingRules } from './domain/grading-rules';
import type { Clock } from './domain/ports';
import { QcEventsHandler } from './messaging/qc-events.handler';
import { qcMigrations } from './persistence/migrations';
import { qcTransactions } from './persistence/qc-transactions';
import { CLOCK, GRADING_RULES, QC_CONFIG, TRANSACTIONS } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to see claims expire.
   */
  static forConfig(
    config: QcConfig,
    rules: GradingRules,
    logger: Logger,
    clock: Clock = { now: () => new Date() },
  ): DynamicModule {
    const service = Services.warehouseQc;
    return {
      module: AppModule,
      imports: serviceInfrastructure({ ...config, service, migrations: qcMigrations, logger }),
      controllers: [InspectionsController, GradingRulesController],
      providers: [
        { provide: QC_CONFIG, useValue: config },
        { provide: GRADING_RULES, useValue: rules },
        { provide: CLOCK, useValue: clock },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => qcTransactions(dataSource, outbox),
        },
        QcApiService,
        QcEventsHandler,
      ],
    };
  }
}
