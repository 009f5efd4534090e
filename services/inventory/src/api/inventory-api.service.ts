/** What the REST and gRPC controllers do: validate what the DTOs cannot, run the use case, shape the answer. */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '@rebound/kernel';
import { hasControlCharacters, type Actor } from '@rebound/contracts';
import { InputValidationError, PageQuery, ProblemException, requireIdempotencyKey, validateInput } from '@rebound/http';
import { InventoryError, type InventoryErrorKind } from '../domain/errors';
import type { Clock, LedgerEntry, TransactionRunner } from '../domain/ports';
import { quantitiesOf, type StockLevel } from '../domain/stock';
import { RecordMovement } from '../domain/use-cases/record-movement';
import { PgInventoryStore, type LevelKey } from '../persistence/pg-inventory.store';
import { CLOCK, TRANSACTIONS } from '../providers';
import type { MovementRequest } from './dto/movement.request';
import {
  DEFAULT_RESTOCK_LATENCY_DAYS,
  MAX_RESTOCK_LATENCY_DAYS,
  SkuRequest,
  type LedgerCheckQuery,
} from './dto/stock.queries';
import type {
  LedgerCheckResponse,
  LedgerEntryResponse,
  MovementResponse,
  RestockLatencyResponse,
  StockQuantities,
  StockResponse,
  WarehouseStockResponse,
} from './dto/stock.response';

const DAY_MS = 24 * 60 * 60 * 1000;

const STATUS: Record<InventoryErrorKind, number> = { invalid: 400, 'not-found': 404, conflict: 409 };

export interface MovementResult {
  readonly replayed: boolean;
  readonly body: MovementResponse;
}

@Injectable()
export class InventoryApiService {
  private readonly recordMovement = new RecordMovement();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async move(request: MovementRequest, idempotencyKey: string | undefined, movedBy: Actor): Promise<MovementResult> {
    const key = requireIdempotencyKey(
      idempotencyKey,
      'a stock movement needs an Idempotency-Key header, so that a retry never moves stock twice',
    );
    const lines = request.lines.map((line) => ({
      sku: line.sku,
      warehouseId: line.warehouseId,
      bucket: line.bucket ?? 'sellable',
      quantityDelta: line.quantityDelta,
    }));
    // Fixed key order and defaults filled in: the same movement always has the same digest.
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.reason, request.reference ?? null, request.note ?? null, lines]))
      .digest('hex');
    try {
      const result = await this.transactions.run((tx) =>
        this.recordMovement.execute(
          tx,
          {
            idempotencyKey: key,
            requestHash,
            reason: request.reason,
            reference: request.reference,
            note: request.note,
            lines,
            movedBy,
          },
          this.clock.now(),
        ),
      );
      return { replayed: result.replayed, body: result.movement };
    } catch (error) {
      throw asProblem(error);
    }
  }

  async stock(sku: string): Promise<StockResponse> {
    checkSku(sku);
    const levels = await this.store().levelsOf(sku);
    if (levels.length === 0) {
      throw new ProblemException({
        status: 404,
        slug: 'sku-not-found',
        title: 'No stock known for this sku',
        detail: `inventory has never held or expected "${sku}"`,
      });
    }
    const warehouses = levels.map(presentLevel);
    const totals = warehouses.reduce<StockQuantities>(
      (sum, level) => ({
        sellable: sum.sellable + level.sellable,
        expectedInbound: sum.expectedInbound + level.expectedInbound,
        refurbish: sum.refurbish + level.refurbish,
        liquidation: sum.liquidation + level.liquidation,
        returnToVendor: sum.returnToVendor + level.returnToVendor,
        quarantine: sum.quarantine + level.quarantine,
        scrap: sum.scrap + level.scrap,
      }),
      { sellable: 0, expectedInbound: 0, refurbish: 0, liquidation: 0, returnToVendor: 0, quarantine: 0, scrap: 0 },
    );
    return { sku, warehouses, totals };
  }

  async ledger(sku: string, query: PageQuery): Promise<Page<LedgerEntryResponse>> {
    checkSku(sku);
    let before: string | undefined;
    if (query.cursor !== undefined) {
      before = String(decodeCursor(query.cursor, ['entryId']).entryId);
      // At most 18 digits: always a bigint, so a forged cursor is a 400, never a database error.
      if (!/^\d{1,18}$/.test(before)) throw invalidCursor();
    }
    const rows = await this.store().ledgerOf(sku, query.limit + 1, before);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(presentEntry),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ entryId: last.entryId }) : null,
    };
  }

  async check(query: LedgerCheckQuery): Promise<LedgerCheckResponse> {
    let after: LevelKey | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['sku', 'warehouseId']);
      const { sku, warehouseId } = position;
      // Postgres refuses NUL in text: a forged key is a 400, never a database error.
      if (typeof sku !== 'string' || typeof warehouseId !== 'string' || hasControlCharacters(sku + warehouseId)) {
        throw invalidCursor();
      }
      after = { sku, warehouseId };
    }
    const { checked, mismatches, through } = await this.store().mismatches(query.limit, after);
    return {
      consistent: mismatches.length === 0,
      checkedLevels: checked,
      mismatches,
      checkedAt: this.clock.now().toISOString(),
      nextCursor: through && encodeCursor({ sku: through.sku, warehouseId: through.warehouseId }),
    };
  }

  async restockLatency(since?: string): Promise<RestockLatencyResponse> {
    const now = this.clock.now().getTime();
    const from = since === undefined ? new Date(now - DEFAULT_RESTOCK_LATENCY_DAYS * DAY_MS) : new Date(since);
    if (now - from.getTime() > MAX_RESTOCK_LATENCY_DAYS * DAY_MS) {
      throw new InputValidationError([
        { field: 'since', message: `must be at most ${MAX_RESTOCK_LATENCY_DAYS} days ago` },
      ]);
    }
    const latency = await this.store().restockLatency(from);
    return { ...latency, since: from.toISOString() };
  }

  private store(): PgInventoryStore {
    return new PgInventoryStore(this.dataSource.manager);
  }
}

function checkSku(sku: string): void {
  validateInput(SkuRequest, { sku });
}

function asProblem(error: unknown): unknown {
  if (!(error instanceof InventoryError)) return error;
  return new ProblemException({
    status: STATUS[error.kind],
    slug: error.code,
    title: error.kind === 'invalid' ? 'Request is invalid' : 'Request cannot be carried out',
    detail: error.message,
    ...(error.problems.length > 0 && { errors: [...error.problems] }),
    ...(error.shortfalls.length > 0 && { extensions: { shortfalls: error.shortfalls } }),
  });
}

function presentLevel(level: StockLevel): WarehouseStockResponse {
  return {
    warehouseId: level.warehouseId,
    ...quantitiesOf(level),
    version: level.version,
    updatedAt: level.updatedAt.toISOString(),
  };
}

function presentEntry(entry: LedgerEntry): LedgerEntryResponse {
  return {
    entryId: entry.entryId,
    sku: entry.sku,
    warehouseId: entry.warehouseId,
    bucket: entry.bucket,
    quantityDelta: entry.quantityDelta,
    reason: entry.reason,
    sourceId: entry.sourceId,
    returnId: entry.returnId,
    reference: entry.reference,
    note: entry.note,
    occurredAt: entry.occurredAt.toISOString(),
    recordedAt: entry.recordedAt.toISOString(),
    movedBy: entry.movedBy && { subject: entry.movedBy.subject, clientId: entry.movedBy.clientId },
  };
}
