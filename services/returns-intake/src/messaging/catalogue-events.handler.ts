/**
 * `commerce.product.v1` and `inventory.stock-level.v1` → the catalogue read model. A product snapshot
 * that contradicts itself goes to the dead-letter topic; one older than the product stored, and a
 * stock level older than the one stored, change nothing.
 */
import { Injectable } from '@nestjs/common';
import { ProductPublished, StockLevelChanged } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { IntakeTransaction } from '../domain/ports';
import { RecordProduct } from '../domain/use-cases/record-product/record-product';
import { RecordProductCommand } from '../domain/use-cases/record-product/record-product.command';
import { RecordStockLevel } from '../domain/use-cases/record-stock-level/record-stock-level';
import { RecordStockLevelCommand } from '../domain/use-cases/record-stock-level/record-stock-level.command';

@Injectable()
export class CatalogueEventsHandler {
  constructor(
    private readonly recordProduct: RecordProduct,
    private readonly recordStockLevel: RecordStockLevel,
  ) {}

  @HandleEvent(ProductPublished)
  async published(event: ConsumedEvent<ProductPublished>, tx: IntakeTransaction): Promise<void> {
    await this.recordProduct.execute(tx, new RecordProductCommand(event.data, null));
  }

  @HandleEvent(StockLevelChanged)
  async stockLevelChanged(event: ConsumedEvent<StockLevelChanged>, tx: IntakeTransaction): Promise<void> {
    await this.recordStockLevel.execute(tx, new RecordStockLevelCommand(event.data));
  }
}
