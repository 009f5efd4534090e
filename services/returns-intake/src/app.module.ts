/**
 * returns-intake: the order read model, the versioned return policy, returns and their decisions,
 * and each return's status and timeline, projected from every other service's events.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import type { Logger } from '@rebound/observability';
import { OrdersController } from './api/orders.controller';
import { PolicyController } from './api/policy.controller';
import { ReturnsApiService } from './api/returns-api.service';
import { ReturnsController } from './api/returns.controller';
import { ReturnsGrpcController } from './api/grpc/returns.grpc-controller';
import type { IntakeConfig } from './config/intake-config';
import { LifecycleEventsHandler } from './messaging/lifecycle-events.handler';
import { OrderEventsHandler } from './messaging/order-events.handler';
import { StuckReturnsMetrics } from './metrics/stuck-returns-metrics';
import { PartnerCoverageHandler } from './messaging/partner-coverage.handler';
import { intakeTransactions } from './persistence/intake-transactions';
import { intakeMigrations } from './persistence/migrations';
import { intakeRetention } from './persistence/retention';
import { PolicyFileLoader } from './policy-file.loader';
import { CLOCK, INTAKE_CONFIG, TRANSACTIONS } from './providers';

@Module({})
export class AppModule {
  /** `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts). */
  static forConfig(config: IntakeConfig, logger: Logger): DynamicModule {
    const service = Services.returnsIntake;
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: intakeMigrations,
        retention: intakeRetention(config.idempotencyKeyRetentionMs),
        logger,
      }),
      controllers: [ReturnsController, OrdersController, PolicyController, ReturnsGrpcController],
      providers: [
        { provide: INTAKE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => intakeTransactions(dataSource, outbox),
        },
        ReturnsApiService,
        PolicyFileLoader,
        OrderEventsHandler,
        LifecycleEventsHandler,
        PartnerCoverageHandler,
        StuckReturnsMetrics,
      ],
    };
  }
}
