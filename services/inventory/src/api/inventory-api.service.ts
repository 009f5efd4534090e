/**
 * What the REST and gRPC controllers do: validate what the DTOs cannot, build the command and run the
 * use case in a transaction, or read through the read ports; shape the answer.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, decodeCursor, fetchPage, invalidCursor, type Clock, type Page } from '@rebound/kernel';
import { hasControlCharacters, type Actor } from '@rebound/contracts';
import { InputValidationError, PageQuery, requireIdempotencyKey, validateInput } from '@rebound/http';
import { CLOCK, TRANSACTIONS } from '@rebound/service';
import type { LedgerEntry, LevelKey, RestockLatencyQueries, StockQueries, TransactionRunner } from '../domain/ports';
import { quantitiesOf, type StockLevel } from '../domain/stock';
import { RecordMovement } from '../domain/use-cases/record-movement/record-movement';
import { RecordMovementCommand } from '../domain/use-cases/record-movement/record-movement.command';
import { RESTOCK_LATENCY_QUERIES, STOCK_QUERIES } from '../providers';
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

export interface MovementResult {
  readonly replayed: boolean;
  readonly body: MovementResponse;
}

@Injectable()
export class InventoryApiService {
  constructor(
    private readonly recordMovement: RecordMovement,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(STOCK_QUERIES) private readonly stockQueries: StockQueries,
    @Inject(RESTOCK_LATENCY_QUERIES) private readonly latencyQueries: RestockLatencyQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async move(request: MovementRequest, idempotencyKey: string | undefined, movedBy: Actor): Promise<MovementResult> {
    const key = requireIdempotencyKey(
      idempotencyKey,
      'a stock movement needs an Idempotency-Key header, so that a retry never moves stock twice',
    );
    const command = RecordMovementCommand.of({
      idempotencyKey: key,
      reason: request.reason,
      reference: request.reference,
      note: request.note,
      lines: request.lines,
      movedBy,
    });
    const result = await this.transactions.run((tx) => this.recordMovement.execute(tx, command));
    return { replayed: result.replayed, body: result.movement };
  }

  async stock(sku: string): Promise<StockResponse> {
    checkSku(sku);
    const levels = await this.stockQueries.levelsOf(sku);
    if (levels.length === 0) {
      throw new DomainError('not-found', 'sku-not-found', `inventory has never held or expected "${sku}"`, {
        title: 'No stock known for this sku',
      });
    }
    const warehouses = levels.map(presentLevel);
    const totals = warehouses.reduce<StockQuantities>(
      (sum, level) => ({
        sellable: sum.sellable + level.sellable,
        expectedInbound: sum.expectedInbound + level.expectedInbound,
        reserved: sum.reserved + level.reserved,
        refurbish: sum.refurbish + level.refurbish,
        liquidation: sum.liquidation + level.liquidation,
        returnToVendor: sum.returnToVendor + level.returnToVendor,
        quarantine: sum.quarantine + level.quarantine,
        scrap: sum.scrap + level.scrap,
      }),
      {
        sellable: 0,
        expectedInbound: 0,
        reserved: 0,
        refurbish: 0,
        liquidation: 0,
        returnToVendor: 0,
        quarantine: 0,
        scrap: 0,
      },
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
    return fetchPage(
      query.limit,
      (rows) => this.stockQueries.ledgerOf(sku, rows, before),
      (entry) => ({ entryId: entry.entryId }),
      presentEntry,
    );
  }

  /**
   * One window of the ledger check: the page of level keys after the cursor, then the mismatches of
   * every key up to the last of them (to the end on the last page).
   */
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
    const keys = await fetchPage(
      query.limit,
      (rows) => this.stockQueries.levelKeys(rows, after),
      (key) => ({ sku: key.sku, warehouseId: key.warehouseId }),
    );
    const through = keys.nextCursor === null ? null : (keys.items[keys.items.length - 1] ?? null);
    const mismatches = await this.stockQueries.mismatches(after, through);
    return {
      consistent: mismatches.length === 0,
      checkedLevels: keys.items.length,
      mismatches,
      checkedAt: this.clock.now().toISOString(),
      nextCursor: keys.nextCursor,
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
    const latency = await this.latencyQueries.restockLatency(from);
    return { ...latency, since: from.toISOString() };
  }
}

function checkSku(sku: string): void {
  validateInput(SkuRequest, { sku });
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
