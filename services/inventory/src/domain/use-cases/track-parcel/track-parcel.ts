/**
 * What pickup-scheduling says about a return's parcel: once picked up, its units are expected at
 * the destination warehouse (channels can plan with them); once delivered, the clock of its restock
 * latency starts — and stops at once for units restocked before the delivery was heard of. A pickup
 * reported after the parcel was already inspected expects nothing.
 */
import type { Clock, UseCase } from '@rebound/kernel';
import type { ParcelPickedUp } from '@rebound/contracts';
import type { InventoryTransaction, RestockLatencyObserver } from '../../ports';
import type { ChangeStock } from '../change-stock/change-stock';
import { ChangeStockCommand } from '../change-stock/change-stock.command';
import type { TrackParcelCommand } from './track-parcel.command';

export class TrackParcel implements UseCase<InventoryTransaction, TrackParcelCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
    private readonly latency: RestockLatencyObserver,
  ) {}

  async execute(tx: InventoryTransaction, { fact }: TrackParcelCommand): Promise<void> {
    if (fact.kind === 'picked-up') await this.expect(tx, fact.parcel);
    else await this.delivered(tx, fact.returnId, fact.deliveredAt);
  }

  private async expect(tx: InventoryTransaction, parcel: ParcelPickedUp): Promise<void> {
    const now = this.clock.now();
    const known = await tx.parcels.noteReturn(parcel.returnId, 'picked_up', now);
    if (known.inspectedAt) return;
    const expected = await tx.parcels.expectInbound(
      parcel.lines.map((line) => ({
        returnId: parcel.returnId,
        lineId: line.lineId,
        sku: line.sku,
        warehouseId: parcel.destinationWarehouseId,
        quantity: line.quantity,
      })),
      now,
    );
    if (expected.length === 0) return;
    const changes = expected.map((line) => ({
      sku: line.sku,
      warehouseId: line.warehouseId,
      inboundDelta: line.quantity,
    }));
    await this.changeStock.execute(tx, ChangeStockCommand.of(changes, null, now));
  }

  private async delivered(tx: InventoryTransaction, returnId: string, deliveredAt: Date): Promise<void> {
    const known = await tx.parcels.noteReturn(returnId, 'delivered', deliveredAt);
    // The first delivery heard of counts; a repeat measures nothing new.
    if (known.deliveredAt) this.latency.observe(await tx.restocks.completeLatency(returnId, known.deliveredAt));
  }
}
