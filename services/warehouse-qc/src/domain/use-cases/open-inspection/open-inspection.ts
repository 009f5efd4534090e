/**
 * An approved return is remembered (what to expect, and its refundable fraction per grade); when its
 * parcel reaches a warehouse, that warehouse gets exactly one inspection for it. The two facts come
 * on different topics, so either may come first: an arrival before its approval waits for it.
 */
import { randomUUID } from 'node:crypto';
import { InspectionOpened, type ParcelDeliveredToWarehouse, type ReturnApproved } from '@rebound/contracts';
import type { Inspection } from '../../inspection';
import type { Clock, ExpectedReturn, QcTransaction } from '../../ports';

export class OpenInspection {
  constructor(private readonly clock: Clock) {}

  async onApproved(tx: QcTransaction, approved: ReturnApproved): Promise<void> {
    const expected: ExpectedReturn = {
      returnId: approved.returnId,
      orderId: approved.orderId,
      lines: approved.lines.map(({ lineId, sku, category, quantity }) => ({ lineId, sku, category, quantity })),
      refundableFractions: Object.fromEntries(
        approved.refundableFractions.map(({ grade, fraction }) => [grade, fraction]),
      ),
    };
    if (!(await tx.store.rememberReturn(expected))) return;
    const waiting = await tx.store.takeArrival(approved.returnId);
    if (waiting) await this.open(tx, expected, waiting.warehouseId);
  }

  async onArrival(tx: QcTransaction, delivered: ParcelDeliveredToWarehouse): Promise<void> {
    const expected = await tx.store.findReturn(delivered.returnId);
    if (!expected) {
      await tx.store.holdArrival({
        returnId: delivered.returnId,
        warehouseId: delivered.warehouseId,
        arrivedAt: this.clock.now(),
      });
      return;
    }
    await this.open(tx, expected, delivered.warehouseId);
  }

  private async open(tx: QcTransaction, expected: ExpectedReturn, warehouseId: string): Promise<void> {
    const inspection: Inspection = {
      inspectionId: randomUUID(),
      returnId: expected.returnId,
      orderId: expected.orderId,
      warehouseId,
      status: 'open',
      claim: null,
      lines: expected.lines.map((line) => ({
        lineId: line.lineId,
        sku: line.sku,
        category: line.category,
        expectedQuantity: line.quantity,
        unexpected: false,
        record: null,
      })),
      refundableFractions: expected.refundableFractions,
      flagsAtCompletion: [],
      resolution: null,
      openedAt: this.clock.now(),
      completedAt: null,
    };
    if (!(await tx.store.insertInspection(inspection))) return;
    await tx.events.publish(
      InspectionOpened,
      {
        inspectionId: inspection.inspectionId,
        returnId: inspection.returnId,
        warehouseId,
        lines: inspection.lines.map(({ lineId, sku, expectedQuantity }) => ({ lineId, sku, expectedQuantity })),
      },
      inspection.returnId,
    );
  }
}
