/**
 * An approved return is remembered (what to expect, and its refundable fraction per grade); when its
 * parcel reaches a warehouse, that warehouse gets exactly one inspection for it. The two facts come
 * on different topics, so either may come first: an arrival before its approval waits for it, and a
 * fact seen twice changes nothing. The two facts of one return are applied one after the other, even
 * when they arrive at the same moment: otherwise each could miss the other's uncommitted row and both
 * would wait for ever. A return whose every line the customer keeps sends no parcel: it is not
 * remembered, and no inspection opens for it.
 */
import { randomUUID } from 'node:crypto';
import { InspectionOpened } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import type { Inspection } from '../../inspection';
import type { Clock, ExpectedReturn, QcTransaction } from '../../ports';
import type { OpenInspectionCommand } from './open-inspection.command';

export class OpenInspection implements UseCase<QcTransaction, OpenInspectionCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: QcTransaction, command: OpenInspectionCommand): Promise<void> {
    await tx.expectedReturns.lockReturn(command.kind === 'approved' ? command.expected.returnId : command.returnId);
    if (command.kind === 'approved') {
      if (command.expected.lines.length === 0) return;
      if (!(await tx.expectedReturns.rememberReturn(command.expected))) return;
      const waiting = await tx.expectedReturns.takeArrival(command.expected.returnId);
      if (waiting) await this.open(tx, command.expected, waiting.warehouseId);
      return;
    }
    const expected = await tx.expectedReturns.findReturn(command.returnId);
    if (!expected) {
      await tx.expectedReturns.holdArrival({
        returnId: command.returnId,
        warehouseId: command.warehouseId,
        arrivedAt: this.clock.now(),
      });
      return;
    }
    await this.open(tx, expected, command.warehouseId);
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
    if (!(await tx.inspections.insertInspection(inspection))) return;
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
