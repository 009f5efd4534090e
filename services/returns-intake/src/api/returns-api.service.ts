/**
 * The operations behind both edges (REST and gRPC): each validates nothing itself — the DTOs did —
 * and runs a use case or a read, as the verified caller. A customer's own token reaches that
 * customer's orders and returns only: anyone else's are unknown to it, exactly as if they did not
 * exist. Writes and previews run a use case in a transaction; reads go through the ReturnsView read
 * port. Refusals leave as DomainError, which every edge maps the same way.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, decodeCursor, fetchPage, type Page } from '@rebound/kernel';
import { IDEMPOTENCY_KEY_PATTERN, actorOf, isUuid, type Caller } from '@rebound/http';
import { CLOCK, TRANSACTIONS } from '@rebound/service';
import { DEFAULT_REFUND_METHOD } from '../domain/return-request';
import { canonicalJson } from '../domain/policy/policy-checksum';
import type {
  Clock,
  ReturnListPosition,
  ReturnsView,
  StuckListPosition,
  StuckReturn,
  TransactionRunner,
} from '../domain/ports';
import { AssessReturn } from '../domain/use-cases/assess-return/assess-return';
import { ProposedReturn } from '../domain/use-cases/assess-return/assess-return.command';
import { CancelReturn } from '../domain/use-cases/cancel-return/cancel-return';
import { CancelReturnCommand } from '../domain/use-cases/cancel-return/cancel-return.command';
import { OpenReturn } from '../domain/use-cases/open-return/open-return';
import { OpenReturnCommand } from '../domain/use-cases/open-return/open-return.command';
import { ReviewReturn } from '../domain/use-cases/review-return/review-return';
import { ReviewReturnCommand } from '../domain/use-cases/review-return/review-return.command';
import type { IntakeConfig } from '../config/intake-config';
import { INTAKE_CONFIG, RETURNS_VIEW } from '../providers';
import { ListReturnsQuery } from './dto/list-returns.query';
import { OpenReturnRequest, PreviewReturnRequest, type LineResolutionRequest } from './dto/open-return.request';
import type { PreviewReturnResponse } from './dto/preview-return.response';
import type { ReturnResponse, ReturnSummaryResponse, StuckReturnResponse } from './dto/return.response';
import { CancelReturnRequest, ReviewReturnRequest } from './dto/review-return.request';
import { StuckReturnsQuery } from './dto/stuck-returns.query';
import { seesPersonalData, withoutPersonalData } from './personal-data';
import { presentPreview, presentReturn, presentSummary } from './return.presenter';

export interface OpenReturnResult {
  readonly replayed: boolean;
  readonly body: ReturnResponse;
}

const CURSOR_KEYS = ['createdAt', 'returnId'] as const;
const STUCK_CURSOR_KEYS = ['progressedAt', 'returnId'] as const;

function checkReturnId(returnId: string): void {
  if (!isUuid(returnId)) {
    throw new DomainError('invalid', 'invalid-return-id', 'the return id must be a UUID', {
      problems: [{ field: 'returnId', message: 'must be a UUID' }],
    });
  }
}

function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new DomainError(
      'invalid',
      'invalid-idempotency-key',
      'Idempotency-Key must be 1-255 printable ASCII characters',
      { problems: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }] },
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
      // Only when chosen, so a request without choices digests as it did before exchanges.
      ...(line.resolution && { resolution: chosen(line.resolution) }),
      ...(line.fallbacks?.length && { fallbacks: line.fallbacks.map(chosen) }),
    })),
  };
  return createHash('sha256').update(canonicalJson(normalized)).digest('hex');
}

function chosen({ kind, replacementSku }: LineResolutionRequest): object {
  return { kind, replacementSku: replacementSku ?? null };
}

function cursorNotIssued(): DomainError {
  return new DomainError('invalid', 'invalid-cursor', 'cursor is not one this API issued', {
    problems: [{ field: 'cursor', message: 'is not a cursor this API issued' }],
  });
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
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(RETURNS_VIEW) private readonly view: ReturnsView,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
    private readonly assessReturn: AssessReturn,
    private readonly openReturn: OpenReturn,
    private readonly reviewReturn: ReviewReturn,
    private readonly cancelReturn: CancelReturn,
  ) {}

  async preview(request: PreviewReturnRequest, caller: Caller): Promise<PreviewReturnResponse> {
    const proposal = new ProposedReturn({ ...request, customerId: caller.customerId });
    const preview = await this.transactions.run((tx) => this.assessReturn.execute(tx, proposal));
    return presentPreview(preview);
  }

  async open(request: OpenReturnRequest, caller: Caller, idempotencyKey?: string): Promise<OpenReturnResult> {
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
    const command = new OpenReturnCommand({
      ...request,
      customerId: caller.customerId,
      idempotencyKey,
      requestHash: requestHash(request),
      openedBy: actorOf(caller),
    });
    const opened = await this.transactions.run((tx) => this.openReturn.execute(tx, command));
    return { replayed: opened.replayed, body: await this.get(opened.returnId, caller) };
  }

  async get(returnId: string, caller: Caller): Promise<ReturnResponse> {
    checkReturnId(returnId);
    const details = await this.view.details(returnId);
    if (!details || (caller.customerId !== undefined && details.request.customerId !== caller.customerId)) {
      throw new DomainError('not-found', 'return-not-found', `return ${returnId} does not exist`);
    }
    const presented = presentReturn(details.request, details.decisions, details.timeline, details.refunds);
    return seesPersonalData(caller) ? presented : withoutPersonalData(presented);
  }

  async list(query: ListReturnsQuery, caller: Caller): Promise<Page<ReturnSummaryResponse>> {
    const position = query.cursor ? listPosition(query.cursor) : undefined;
    const own = caller.customerId;
    if (own !== undefined && query.customerId !== undefined && query.customerId !== own) {
      return { items: [], nextCursor: null };
    }
    const filter = { orderId: query.orderId, customerId: own ?? query.customerId, status: query.status };
    const page = await fetchPage(
      query.limit,
      (rows) => this.view.list(filter, rows, position),
      (last) => ({ createdAt: last.createdAt.toISOString(), returnId: last.returnId }),
      presentSummary,
    );
    return seesPersonalData(caller) ? page : { ...page, items: withoutPersonalData(page.items) };
  }

  async stuck(query: StuckReturnsQuery, caller: Caller): Promise<Page<StuckReturnResponse>> {
    const position = query.cursor ? stuckPosition(query.cursor) : undefined;
    const now = this.clock.now();
    const page = await fetchPage(
      query.limit,
      (rows) => this.view.stuck(this.config.stuck.thresholds, now, { status: query.status }, rows, position),
      (last) => ({ progressedAt: last.progressedAt.toISOString(), returnId: last.request.returnId }),
      (stuck) => presentStuck(stuck, now),
    );
    return seesPersonalData(caller) ? page : { ...page, items: withoutPersonalData(page.items) };
  }

  async review(
    returnId: string,
    decision: 'approved' | 'rejected',
    request: ReviewReturnRequest,
    caller: Caller,
  ): Promise<ReturnResponse> {
    checkReturnId(returnId);
    const command = new ReviewReturnCommand({ returnId, decision, agent: actorOf(caller), note: request.note });
    await this.transactions.run((tx) => this.reviewReturn.execute(tx, command));
    return this.get(returnId, caller);
  }

  async cancel(returnId: string, request: CancelReturnRequest, caller: Caller): Promise<ReturnResponse> {
    checkReturnId(returnId);
    const command = new CancelReturnCommand({
      returnId,
      cancelledBy: actorOf(caller),
      customerId: caller.customerId,
      reason: request.reason,
    });
    await this.transactions.run((tx) => this.cancelReturn.execute(tx, command));
    return this.get(returnId, caller);
  }
}

function presentStuck({ request, progressedAt, thresholdSeconds }: StuckReturn, now: Date): StuckReturnResponse {
  return {
    ...presentSummary(request),
    progressedAt: progressedAt.toISOString(),
    stuckForSeconds: Math.floor((now.getTime() - progressedAt.getTime()) / 1000),
    thresholdSeconds,
  };
}
