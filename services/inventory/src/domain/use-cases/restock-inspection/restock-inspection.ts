/**
 * An inspected return goes into stock: every received unit into the bucket its disposition names
 * (sellable ones available at once), what was expected of the return is cleared, and the time from
 * delivery to restock is recorded per sellable unit. One inspection moves stock once, however often
 * its event arrives.
 */
import type { Clock, UseCase } from '@rebound/kernel';
import { StockRestocked } from '@rebound/contracts';
import type { InventoryTransaction, Movement, RestockLatencyObserver } from '../../ports';
import { BUCKET_FOR_DISPOSITION, type StockChange } from '../../stock';
import type { ChangeStock } from '../change-stock/change-stock';
import { ChangeStockCommand } from '../change-stock/change-stock.command';
import type { RestockInspectionCommand } from './restock-inspection.command';

export class RestockInspection implements UseCase<InventoryTransaction, RestockInspectionCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
    private readonly latency: RestockLatencyObserver,
  ) {}

  async execute(tx: InventoryTransaction, { inspection }: RestockInspectionCommand): Promise<void> {
    const now = this.clock.now();
    const known = await tx.parcels.noteReturn(inspection.returnId, 'inspected', now);
    if (known.inspectedAt) return;
    const cleared = await tx.parcels.clearInbound(inspection.returnId, now);
    const received = inspection.lines
      .filter((line) => line.receivedQuantity > 0)
      .map((line) => ({ ...line, bucket: BUCKET_FOR_DISPOSITION[line.disposition] }));
    const movement: Movement = {
      sourceId: `inspection:${inspection.inspectionId}`,
      reason: 'return_inspected',
      returnId: inspection.returnId,
      occurredAt: new Date(inspection.completedAt),
      lines: received.map((line) => ({
        sku: line.sku,
        warehouseId: inspection.warehouseId,
        bucket: line.bucket,
        quantityDelta: line.receivedQuantity,
      })),
    };
    const changes: StockChange[] = [
      ...movement.lines,
      ...cleared.map((line) => ({ sku: line.sku, warehouseId: line.warehouseId, inboundDelta: -line.quantity })),
    ];
    if (changes.length > 0) {
      await this.changeStock.execute(
        tx,
        ChangeStockCommand.of(changes, movement.lines.length > 0 ? movement : null, now),
      );
    }
    if (received.length === 0) return;
    await tx.events.publish(
      StockRestocked,
      {
        returnId: inspection.returnId,
        inspectionId: inspection.inspectionId,
        warehouseId: inspection.warehouseId,
        lines: received.map((line) => ({
          lineId: line.lineId,
          sku: line.sku,
          quantity: line.receivedQuantity,
          disposition: line.disposition,
          bucket: line.bucket,
        })),
        restockedAt: now.toISOString(),
      },
      inspection.returnId,
    );
    await tx.restocks.recordRestocked(
      received
        .filter((line) => line.bucket === 'sellable')
        .map((line) => ({
          returnId: inspection.returnId,
          lineId: line.lineId,
          sku: line.sku,
          warehouseId: inspection.warehouseId,
          units: line.receivedQuantity,
          restockedAt: now,
        })),
    );
    // Restocked before its delivery was heard of: the figures wait for ParcelDeliveredToWarehouse.
    if (known.deliveredAt)
      this.latency.observe(await tx.restocks.completeLatency(inspection.returnId, known.deliveredAt));
  }
}
