/**
 * inventory: the stock ledger, levels per sku, warehouse and bucket, expected inbound, restocking of
 * inspected returns, and the compacted stock-level topic sales channels read.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import type { Logger } from '@rebound/observability';
import { InventoryGrpcController } from './api/grpc/inventory.grpc-controller';
import { InventoryApiService } from './api/inventory-api.service';
import { StockController } from './api/stock.controller';
import type { InventoryConfig } from './config/inventory-config';
import type { Clock } from './domain/ports';
import { InventoryEventsHandler } from './messaging/inventory-events.handler';
import { RestockMetrics } from './metrics/restock-metrics';
import { inventoryMigrations } from './persistence/migrations';
import { inventoryTransactions } from './persistence/inventory-transactions';
import { CLOCK, TRANSACTIONS } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to measure restock latency.
   */
  static forConfig(config: InventoryConfig, logger: Logger, clock: Clock = { now: () => new Date() }): DynamicModule {
    const service = Services.inventory;
    return {
      module: AppModule,
      imports: serviceInfrastructure({ ...config, service, migrations: inventoryMigrations, logger }),
      controllers: [StockController, InventoryGrpcController],
      providers: [
        { provide: CLOCK, useValue: clock },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => inventoryTransactions(dataSource, outbox),
        },
        RestockMetrics,
        InventoryApiService,
        InventoryEventsHandler,
      ],
    };
  }
}
