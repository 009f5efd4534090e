/** A change of stock as the other use cases ask for it: what changes, the movement to record, when. */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { Movement } from '../../ports';
import type { StockChange } from '../../stock';

export class ChangeStockCommand {
  private constructor(
    readonly changes: readonly StockChange[],
    /** The ledger's movement, or null when only expected inbound moves. */
    readonly movement: Movement | null,
    readonly at: Date,
  ) {}

  /** Every change moves whole units, and a movement names only units that change. */
  static of(changes: readonly StockChange[], movement: Movement | null, at: Date): ChangeStockCommand {
    const problems: FieldProblem[] = [];
    if (changes.length === 0) problems.push({ field: 'changes', message: 'must change at least one level' });
    changes.forEach((change, index) => {
      for (const field of ['quantityDelta', 'inboundDelta'] as const) {
        const value = change[field];
        if (value !== undefined && !Number.isInteger(value)) {
          problems.push({ field: `changes[${index}].${field}`, message: 'must be a whole number of units' });
        }
      }
      if (change.quantityDelta !== undefined && change.bucket === undefined) {
        problems.push({ field: `changes[${index}].bucket`, message: 'must name the bucket the units move in' });
      }
    });
    if (movement && movement.lines.length === 0) {
      problems.push({ field: 'movement.lines', message: 'a recorded movement must have at least one line' });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new ChangeStockCommand(changes, movement, at);
  }
}
