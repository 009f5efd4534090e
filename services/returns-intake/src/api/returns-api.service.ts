/**
 * The operations behind both edges (REST and gRPC): each validates nothing itself — the DTOs did —
 * and runs a use case or a read, as the verified caller. A customer's own token reaches that
 * customer's orders and returns only: anyone else's are unknown to it, exactly as if they did not
 * exist. Errors leave as IntakeError for the edge to translate.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '@rebound/kernel';
import { IDEMPOTENCY_KEY_PATTERN, actorOf, isUuid, type Caller } from '@rebound/http';
import { IntakeError } from '../domain/errors';
import { DEFAULT_REFUND_METHOD } from '../domain/return-request';
import { canonicalJson } from '../domain/use-cases/manage-policy/manage-policy';
import type { Clock, ReturnListPosition, StuckListPosition, TransactionRunner } from '../domain/ports';
import { assessReturn } from '../domain/use-cases/assess-return/assess-return';
import { CancelReturn } from '../domain/use-cases/cancel-return/cancel-return';
import { OpenReturn } from '../domain/use-cases/open-return/open-return';
import { ReviewReturn } from '../domain/use-cases/review-return/review-return';
import { PgReturnsStore } from '../persistence/pg-returns.store';
import type { IntakeConfig } from '../config/intake-config';
import { CLOCK, INTAKE_CONFIG, TRANSACTIONS } from '../providers';
import { ListReturnsQuery } from './dto/list-returns.query';
import { OpenReturnRequest, PreviewReturnRequest } from './dto/open-return.request';
import type { PreviewReturnResponse } from './dto/preview-return.response';
import type { ReturnResponse, ReturnSummaryResponse, StuckReturnResponse } from './dto/return.response';
import { CancelReturnRequest, ReviewReturnRequest } from './dto/review-return.request';
import { StuckReturnsQuery } from './dto/stuck-returns.query';
import { seesPersonalData, withoutPersonalData } from './personal-data';
import { presentAssessment, presentReturn, presentSummary } from './return.presenter';

export interface OpenReturnResult {
  readonly replayed: boolean;
  readonly body: ReturnResponse;
}

const CURSOR_KEYS = ['createdAt', 'returnId'] as const;
const STUCK_CURSOR_KEYS = ['progressedAt', 'returnId'] as const;

function checkReturnId(returnId: string): void {
  if (!isUuid(returnId)) {
    throw new IntakeError('invalid', 'invalid-return-id', 'the return id must be a UUID', [
      { field: 'returnId', message: 'must be a UUID' },
    ]);
  }
}

function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new IntakeError(
      'invalid',
      'invalid-idempotency-key',
      'Idempotency-Key must be 1-255 printable ASCII characters',
      [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
    );
  }
}

/**
 * The digest an idempotency key is bound to, of the request with its defaults applied: a body that
 * leaves out `refundMethod` or `photoUrls` asks for the same return as one that spells out the
 * defaults, whichever edge (REST JSON or gRPC) it came through.
 */
function requestHash(request: OpenReturnRequest): string {
  const normalized = {
    orderId: request.orderId,
    method: request.method,
    refundMethod: request.refundMethod ?? DEFAULT_REFUND_METHOD,
    pickup: request.pickup ?? null,
    lines: request.lines.map((line) => ({
      lineId: line.lineId,
      quantity: line.quantity,
      reasonCode: line.reasonCode,
      comment: line.comment ?? null,
      photoUrls: line.photoUrls ?? [],
    })),
  };
  return createHash('sha256').update(canonicalJson(normalized)).digest('hex');
}

function cursorNotIssued(): IntakeError {
  return new IntakeError('invalid', 'invalid-cursor', 'cursor is not one this API issued', [
    { field: 'cursor', message: 'is not a cursor this API issued' },
  ]);
}

function listPosition(cursor: string): ReturnListPosition {
  const { createdAt, returnId } = decodeCursor(cursor, CURSOR_KEYS);
  const position = { createdAt: new Date(String(createdAt)), returnId: String(returnId) };
  if (Number.isNaN(position.createdAt.getTime()) || !isUuid(position.returnId)) throw cursorNotIssued();
  return position;
}

function stuckPosition(cursor: string): StuckListPosition {
  const { progressedAt, returnId } = decodeCursor(cursor, STUCK_CURSOR_KEYS);
  const position = { progressedAt: new Date(String(progressedAt)), returnId: String(returnId) };
  if (Number.isNaN(position.progressedAt.getTime()) || !isUuid(position.returnId)) throw cursorNotIssued();
  return position;
}

@Injectable()
export class ReturnsApiService {
  private readonly openReturn: OpenReturn;
  private readonly reviewReturn: ReviewReturn;
  private readonly cancelReturn: CancelReturn;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TRANSACTIONS) transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
  ) {
    this.openReturn = new OpenReturn(transactions, clock);
    this.reviewReturn = new ReviewReturn(transactions, clock);
    this.cancelReturn = new CancelReturn(transactions, clock);
  }

  async preview(request: PreviewReturnRequest, caller: Caller): Promise<PreviewReturnResponse> {
    const proposal = { ...request, customerId: caller.customerId };
    const { assessment } = await assessReturn(this.store(), proposal, this.clock.now(), { lockOrder: false });
    return presentAssessment(assessment);
  }

  async open(request: OpenReturnRequest, caller: Caller, idempotencyKey?: string): Promise<OpenReturnResult> {
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
    const opened = await this.openReturn.execute({
      ...request,
      customerId: caller.customerId,
      idempotencyKey,
      requestHash: requestHash(request),
      openedBy: actorOf(caller),
    });
    return { replayed: opened.replayed, body: await this.get(opened.returnId, caller) };
  }

  async get(returnId: string, caller: Caller): Promise<ReturnResponse> {
    checkReturnId(returnId);
    // One snapshot: the status, timeline and refunds a reader sees belong together.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const store = new PgReturnsStore(manager);
      const request = await store.findReturn(returnId);
      if (!request || (caller.customerId !== undefined && request.customerId !== caller.customerId)) {
        throw new IntakeError('not-found', 'return-not-found', `return ${returnId} does not exist`);
      }
      const decisions = await store.decisions(returnId);
      const timeline = await store.timeline(returnId);
      const refunds = await store.refunds(returnId);
      const presented = presentReturn(request, decisions, timeline, refunds);
      return seesPersonalData(caller) ? presented : withoutPersonalData(presented);
    });
  }

  async list(query: ListReturnsQuery, caller: Caller): Promise<Page<ReturnSummaryResponse>> {
    const position = query.cursor ? listPosition(query.cursor) : undefined;
    const own = caller.customerId;
    if (own !== undefined && query.customerId !== undefined && query.customerId !== own) {
      return { items: [], nextCursor: null };
    }
    const rows = await this.store().listReturns(
      { orderId: query.orderId, customerId: own ?? query.customerId, status: query.status },
      query.limit + 1,
      position,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), returnId: last.returnId })
        : null;
    const summaries = items.map(presentSummary);
    return { items: seesPersonalData(caller) ? summaries : withoutPersonalData(summaries), nextCursor };
  }

  async stuck(query: StuckReturnsQuery, caller: Caller): Promise<Page<StuckReturnResponse>> {
    const position = query.cursor ? stuckPosition(query.cursor) : undefined;
    const now = this.clock.now();
    const rows = await this.store().listStuck(
      this.config.stuck.thresholds,
      now,
      { status: query.status },
      query.limit + 1,
      position,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ progressedAt: last.progressedAt.toISOString(), returnId: last.request.returnId })
        : null;
    const stuck = items.map(({ request, progressedAt, thresholdSeconds }): StuckReturnResponse => ({
      ...presentSummary(request),
      progressedAt: progressedAt.toISOString(),
      stuckForSeconds: Math.floor((now.getTime() - progressedAt.getTime()) / 1000),
      thresholdSeconds,
    }));
    return { items: seesPersonalData(caller) ? stuck : withoutPersonalData(stuck), nextCursor };
  }

  async review(
    returnId: string,
    decision: 'approved' | 'rejected',
    request: ReviewReturnRequest,
    caller: Caller,
  ): Promise<ReturnResponse> {
    checkReturnId(returnId);
    await this.reviewReturn.execute({ returnId, decision, agent: actorOf(caller), note: request.note });
    return this.get(returnId, caller);
  }

  async cancel(returnId: string, request: CancelReturnRequest, caller: Caller): Promise<ReturnResponse> {
    checkReturnId(returnId);
    await this.cancelReturn.execute({
      returnId,
      cancelledBy: actorOf(caller),
      customerId: caller.customerId,
      reason: request.reason,
    });
    return this.get(returnId, caller);
  }

  private store(): PgReturnsStore {
    return new PgReturnsStore(this.dataSource.manager);
  }
}
