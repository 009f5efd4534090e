/**
 * Stock movements other systems report (sales, cancellations, counts, transfers), each under the
 * caller's Idempotency-Key: the first request applies and stores its answer, a repeat gets that
 * answer again, and the key reused for another request is refused. A movement that would take a
 * bucket below zero is refused whole, and nothing of it is kept — not even the key. Each movement
 * records who reported it; a repeat answers with the original reporter, whoever repeats it.
 */
import { DomainError, type Clock, type UseCase } from '@rebound/kernel';
import type { Actor, StockBucket } from '@rebound/contracts';
import type { InventoryTransaction, Movement } from '../../ports';
import type { StockLevel } from '../../stock';
import { ChangeStock, REFUSED_TITLE } from '../change-stock/change-stock';
import { ChangeStockCommand } from '../change-stock/change-stock.command';
import type { RecordMovementCommand, RecordMovementLine } from './record-movement.command';

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

export interface MovementOutcome {
  /** True when the key had already recorded this movement: the answer is the stored one. */
  readonly replayed: boolean;
  readonly movement: RecordedMovement;
}

export class RecordMovement implements UseCase<InventoryTransaction, RecordMovementCommand, MovementOutcome> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
  ) {}

  async execute(tx: InventoryTransaction, command: RecordMovementCommand): Promise<MovementOutcome> {
    const stored = await tx.movementRequests.claimRequest(command.idempotencyKey, command.requestHash);
    if (stored) {
      if (stored.requestHash !== command.requestHash) {
        throw new DomainError(
          'conflict',
          'idempotency-key-reused',
          `Idempotency-Key "${command.idempotencyKey}" was used for a different movement`,
          { title: REFUSED_TITLE },
        );
      }
      // Answers stored before callers were recorded have no movedBy: they name nobody.
      const answer = stored.response as Omit<RecordedMovement, 'movedBy'> & { readonly movedBy?: Actor | null };
      return { replayed: true, movement: { ...answer, movedBy: answer.movedBy ?? null } };
    }
    const now = this.clock.now();
    const movement: Movement = {
      sourceId: `request:${command.idempotencyKey}`,
      reason: command.reason,
      reference: command.reference,
      note: command.note,
      occurredAt: now,
      lines: command.lines,
      movedBy: command.movedBy,
    };
    const levels = await this.changeStock.execute(tx, ChangeStockCommand.of(command.lines, movement, now));
    const recorded: RecordedMovement = {
      movementId: command.idempotencyKey,
      reason: command.reason,
      reference: command.reference ?? null,
      note: command.note ?? null,
      recordedAt: now.toISOString(),
      movedBy: { subject: command.movedBy.subject, clientId: command.movedBy.clientId },
      lines: command.lines.map((line) => ({ ...line, levelAfter: levelAfter(levels, line) })),
    };
    await tx.movementRequests.storeResponse(command.idempotencyKey, recorded);
    return { replayed: false, movement: recorded };
  }
}

function levelAfter(levels: readonly StockLevel[], line: RecordMovementLine): number {
  const level = levels.find((candidate) => candidate.sku === line.sku && candidate.warehouseId === line.warehouseId);
  if (!level) throw new Error(`no level for ${line.sku}@${line.warehouseId} after the movement`);
  return level.buckets[line.bucket];
}
