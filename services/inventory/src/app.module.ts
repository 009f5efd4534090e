/**
 * inventory: the stock ledger, levels per sku, warehouse and bucket, expected inbound, restocking of
 * inspected returns, replacements held for exchanges, and the compacted stock-level topic sales
 * channels read.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Clock } from '@rebound/kernel';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import type { Logger } from '@rebound/observability';
import { CLOCK, TRANSACTIONS, provideClock, provideUseCase, serviceInfrastructure } from '@rebound/service';
import { InventoryGrpcController } from './api/grpc/inventory.grpc-controller';
import { InventoryApiService } from './api/inventory-api.service';
import { StockController } from './api/stock.controller';
import type { InventoryConfig } from './config/inventory-config';
import { AllocateReplacements } from './domain/use-cases/allocate-replacements/allocate-replacements';
import { ChangeLineResolution } from './domain/use-cases/change-line-resolution/change-line-resolution';
import { ChangeStock } from './domain/use-cases/change-stock/change-stock';
import { RecordMovement } from './domain/use-cases/record-movement/record-movement';
import { ReleaseReplacements } from './domain/use-cases/release-replacements/release-replacements';
import { ReserveReplacements } from './domain/use-cases/reserve-replacements/reserve-replacements';
import { RestockInspection } from './domain/use-cases/restock-inspection/restock-inspection';
import { TrackParcel } from './domain/use-cases/track-parcel/track-parcel';
import { InventoryEventsHandler } from './messaging/inventory-events.handler';
import { ReplacementEventsHandler } from './messaging/replacement-events.handler';
import { RestockMetrics } from './metrics/restock-metrics';
import { inventoryMigrations } from './persistence/migrations';
import { inventoryTransaction, inventoryTransactions } from './persistence/inventory-transactions';
import { PgRestockStore } from './persistence/pg-restock.store';
import { PgStockStore } from './persistence/pg-stock.store';
import { RESTOCK_LATENCY_OBSERVER, RESTOCK_LATENCY_QUERIES, STOCK_QUERIES } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to measure restock latency.
   */
  static forConfig(config: InventoryConfig, logger: Logger, clock?: Clock): DynamicModule {
    const service = Services.inventory;
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: inventoryMigrations,
        logger,
        transactionOf: inventoryTransaction,
        // Events of every partition move units of the same stock rows (a popular sku's), so batches
        // of several partitions at once only queue behind each other's row locks, and deadlock when
        // two meet the rows in opposite orders: one partition at a time, its events in batches.
        consumer: { partitionsConsumedConcurrently: 1 },
      }),
      controllers: [StockController, InventoryGrpcController],
      providers: [
        provideClock(clock),
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => inventoryTransactions(dataSource, outbox),
        },
        // Reads outside any transaction, on the pool.
        {
          provide: STOCK_QUERIES,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PgStockStore(dataSource.manager),
        },
        {
          provide: RESTOCK_LATENCY_QUERIES,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PgRestockStore(dataSource.manager),
        },
        RestockMetrics,
        { provide: RESTOCK_LATENCY_OBSERVER, useExisting: RestockMetrics },
        provideUseCase(ChangeStock),
        provideUseCase(RecordMovement, CLOCK, ChangeStock),
        provideUseCase(TrackParcel, CLOCK, ChangeStock, RESTOCK_LATENCY_OBSERVER),
        provideUseCase(RestockInspection, CLOCK, ChangeStock, RESTOCK_LATENCY_OBSERVER),
        provideUseCase(ReserveReplacements, CLOCK, ChangeStock),
        provideUseCase(ChangeLineResolution, CLOCK, ChangeStock),
        provideUseCase(ReleaseReplacements, CLOCK, ChangeStock),
        provideUseCase(AllocateReplacements, CLOCK, ChangeStock),
        InventoryApiService,
        InventoryEventsHandler,
        ReplacementEventsHandler,
      ],
    };
  }
}
