/**
 * Stock movements other systems report (sales, cancellations, counts, transfers), each under the
 * caller's Idempotency-Key: the first request applies and stores its answer, a repeat gets that
 * answer again, and the key reused for another request is refused. A movement that would take a
 * bucket below zero is refused whole, and nothing of it is kept — not even the key. Each movement
 * records who reported it; a repeat answers with the original reporter, whoever repeats it.
 */
import type { Actor, StockBucket } from '@rebound/contracts';
import { InventoryError } from '../errors';
import type { InventoryTransaction, Movement } from '../ports';
import type { MovementReason, StockLevel } from '../stock';
import { changeStock } from './change-stock';

export interface MovementRequest {
  readonly idempotencyKey: string;
  /** Digest of the request as applied (defaults filled in): the key is bound to it. */
  readonly requestHash: string;
  readonly reason: Exclude<MovementReason, 'return_inspected'>;
  readonly reference?: string;
  readonly note?: string;
  readonly lines: readonly {
    readonly sku: string;
    readonly warehouseId: string;
    readonly bucket: StockBucket;
    readonly quantityDelta: number;
  }[];
  /** The verified caller; not part of `requestHash`, so a retry by another caller is still a retry. */
  readonly movedBy: Actor;
}

export interface RecordedMovement {
  readonly movementId: string;
  readonly reason: string;
  readonly reference: string | null;
  readonly note: string | null;
  readonly recordedAt: string;
  /** Null only in answers stored before callers were recorded. */
  readonly movedBy: Actor | null;
  readonly lines: {
    sku: string;
    warehouseId: string;
    bucket: StockBucket;
    quantityDelta: number;
    levelAfter: number;
  }[];
}

export class RecordMovement {
  async execute(
    tx: InventoryTransaction,
    request: MovementRequest,
    now: Date,
  ): Promise<{ readonly replayed: boolean; readonly movement: RecordedMovement }> {
    const stored = await tx.store.claimRequest(request.idempotencyKey, request.requestHash);
    if (stored) {
      if (stored.requestHash !== request.requestHash) {
        throw new InventoryError(
          'conflict',
          'idempotency-key-reused',
          `Idempotency-Key "${request.idempotencyKey}" was used for a different movement`,
        );
      }
      // Answers stored before callers were recorded have no movedBy: they name nobody.
      const answer = stored.response as Omit<RecordedMovement, 'movedBy'> & { readonly movedBy?: Actor | null };
      return { replayed: true, movement: { ...answer, movedBy: answer.movedBy ?? null } };
    }
    const movement: Movement = {
      sourceId: `request:${request.idempotencyKey}`,
      reason: request.reason,
      reference: request.reference,
      note: request.note,
      occurredAt: now,
      lines: request.lines,
      movedBy: request.movedBy,
    };
    const levels = await changeStock(tx, request.lines, movement, now);
    const recorded: RecordedMovement = {
      movementId: request.idempotencyKey,
      reason: request.reason,
      reference: request.reference ?? null,
      note: request.note ?? null,
      recordedAt: now.toISOString(),
      movedBy: { subject: request.movedBy.subject, clientId: request.movedBy.clientId },
      lines: request.lines.map((line) => ({ ...line, levelAfter: levelAfter(levels, line) })),
    };
    await tx.store.storeResponse(request.idempotencyKey, recorded);
    return { replayed: false, movement: recorded };
  }
}

function levelAfter(levels: readonly StockLevel[], line: MovementRequest['lines'][number]): number {
  const level = levels.find((candidate) => candidate.sku === line.sku && candidate.warehouseId === line.warehouseId);
  if (!level) throw new Error(`no level for ${line.sku}@${line.warehouseId} after the movement`);
  return level.buckets[line.bucket];
}
