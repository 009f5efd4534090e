/**
 * What pickup-scheduling says about a return's parcel: once picked up, its units are expected at
 * the destination warehouse (channels can plan with them); once delivered, the clock of its restock
 * latency starts. A pickup reported after the parcel was already inspected expects nothing.
 */
import type { ParcelPickedUp } from '@rebound/contracts';
import type { InventoryTransaction, LatencySample } from '../ports';
import { changeStock } from './change-stock';

export class TrackParcel {
  async pickedUp(tx: InventoryTransaction, parcel: ParcelPickedUp, now: Date): Promise<void> {
    const known = await tx.store.noteReturn(parcel.returnId, 'picked_up', now);
    if (known.inspectedAt) return;
    const expected = await tx.store.expectInbound(
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
    await changeStock(
      tx,
      expected.map((line) => ({ sku: line.sku, warehouseId: line.warehouseId, inboundDelta: line.quantity })),
      null,
      now,
    );
  }

  /**
   * `deliveredAt`: when pickup-scheduling announced the delivery. Returns the latency samples this
   * completes: the parcel may have been restocked before its delivery was heard of.
   */
  async delivered(tx: InventoryTransaction, returnId: string, deliveredAt: Date): Promise<LatencySample[]> {
    await tx.store.noteReturn(returnId, 'delivered', deliveredAt);
    return tx.store.completeLatency(returnId);
  }
}
