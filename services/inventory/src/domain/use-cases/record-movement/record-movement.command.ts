/**
 * A stock movement another system reports, bound to its Idempotency-Key by a digest of the movement
 * as applied (defaults filled in), so the same movement always has the same digest and a retry by
 * another caller is still a retry.
 */
import { createHash } from 'node:crypto';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { Actor, StockBucket } from '@rebound/contracts';
import { EXTERNAL_MOVEMENT_REASONS, type ExternalMovementReason } from '../../stock';

export interface RecordMovementLine {
  readonly sku: string;
  readonly warehouseId: string;
  readonly bucket: StockBucket;
  readonly quantityDelta: number;
}

export interface RecordMovementInput {
  readonly idempotencyKey: string;
  readonly reason: ExternalMovementReason;
  readonly reference?: string;
  readonly note?: string;
  /** `bucket` defaults to sellable. */
  readonly lines: readonly (Omit<RecordMovementLine, 'bucket'> & { readonly bucket?: StockBucket })[];
  readonly movedBy: Actor;
}

export class RecordMovementCommand {
  private constructor(
    readonly idempotencyKey: string,
    /** Digest of the movement as applied: the key is bound to it. */
    readonly requestHash: string,
    readonly reason: ExternalMovementReason,
    readonly reference: string | undefined,
    readonly note: string | undefined,
    readonly lines: readonly RecordMovementLine[],
    /** The verified caller; not part of `requestHash`. */
    readonly movedBy: Actor,
  ) {}

  /** A movement names a reason other systems may give and moves whole units, never none, on each line. */
  static of(input: RecordMovementInput): RecordMovementCommand {
    const problems: FieldProblem[] = [];
    if (!EXTERNAL_MOVEMENT_REASONS.includes(input.reason)) {
      problems.push({ field: 'reason', message: `must be one of ${EXTERNAL_MOVEMENT_REASONS.join(', ')}` });
    }
    if (input.lines.length === 0) problems.push({ field: 'lines', message: 'must have at least one line' });
    input.lines.forEach((line, index) => {
      if (!Number.isInteger(line.quantityDelta) || line.quantityDelta === 0) {
        problems.push({ field: `lines[${index}].quantityDelta`, message: 'must be a whole number of units, not 0' });
      }
    });
    if (problems.length > 0) throw DomainError.invalid(problems);
    const lines = input.lines.map((line) => ({
      sku: line.sku,
      warehouseId: line.warehouseId,
      bucket: line.bucket ?? 'sellable',
      quantityDelta: line.quantityDelta,
    }));
    // Fixed key order and defaults filled in: the same movement always has the same digest.
    const requestHash = createHash('sha256')
      .update(JSON.stringify([input.reason, input.reference ?? null, input.note ?? null, lines]))
      .digest('hex');
    return new RecordMovementCommand(
      input.idempotencyKey,
      requestHash,
      input.reason,
      input.reference,
      input.note,
      lines,
      input.movedBy,
    );
  }
}
