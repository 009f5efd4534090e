/**
 * One of the two facts an inspection opens from: a return was approved (what to expect), or its
 * parcel reached a warehouse. Built from the events, so an approval with no lines, or a line of no
 * units, never reaches the use case. Only the lines sent back are expected: a line the customer
 * keeps (a returnless refund) never comes, so a return kept entirely expects nothing.
 */
import { isSentBack, type ParcelDeliveredToWarehouse, type ReturnApproved } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import type { ExpectedReturn } from '../../ports';
import { quantityProblems, throwIfAny } from '../../refusals';

export type OpenInspectionCommand =
  | { readonly kind: 'approved'; readonly expected: ExpectedReturn }
  | { readonly kind: 'arrived'; readonly returnId: string; readonly warehouseId: string };

export const OpenInspectionCommand = {
  approved(approved: ReturnApproved): OpenInspectionCommand {
    throwIfAny([
      ...(approved.lines.length === 0 ? [{ field: 'lines', message: 'must expect at least one line' }] : []),
      ...approved.lines.flatMap((line, index) => quantityProblems(`lines[${index}].quantity`, line.quantity, 1)),
    ]);
    return {
      kind: 'approved',
      expected: {
        returnId: approved.returnId,
        orderId: approved.orderId,
        lines: approved.lines
          .filter(isSentBack)
          .map(({ lineId, sku, category, quantity }) => ({ lineId, sku, category, quantity })),
        refundableFractions: Object.fromEntries(
          approved.refundableFractions.map(({ grade, fraction }) => [grade, fraction]),
        ),
      },
    };
  },

  arrived(delivered: ParcelDeliveredToWarehouse): OpenInspectionCommand {
    if (delivered.warehouseId.trim() === '') {
      throw DomainError.invalid([{ field: 'warehouseId', message: 'must not be empty' }]);
    }
    return { kind: 'arrived', returnId: delivered.returnId, warehouseId: delivered.warehouseId };
  },
};
