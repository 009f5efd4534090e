/** An item the claimant found in the parcel that was not part of the return. */
import type { Actor } from '@rebound/contracts';
import { actingProblems, quantityProblems, throwIfAny } from '../../refusals';

export interface UnexpectedItem {
  readonly sku: string;
  readonly category: string | null;
  readonly quantity: number;
  readonly grade: string;
  readonly notes: string | null;
  readonly photoUrls: readonly string[];
}

export class AddUnexpectedItemCommand {
  constructor(
    readonly inspectionId: string,
    readonly inspector: Actor,
    readonly item: UnexpectedItem,
  ) {
    throwIfAny([
      ...actingProblems(inspectionId, inspector.subject),
      ...(item.sku.trim() === '' ? [{ field: 'sku', message: 'must not be empty' }] : []),
      ...quantityProblems('quantity', item.quantity, 1),
    ]);
  }
}
