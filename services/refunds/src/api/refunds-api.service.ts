/** What the REST controller does: validate what the DTOs cannot, read or retry, shape the answer. */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ProblemException,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  isUuid,
  requireUuid,
  type Page,
} from '@rebound/http';
import type { Clock } from '../domain/ports';
import type { Refund } from '../domain/refund';
import { PgRefundsStore } from '../persistence/pg-refunds.store';
import { CLOCK } from '../providers';
import type { RefundListResponse, RefundResponse, RefundsByStateQuery } from './dto/refund.response';

@Injectable()
export class RefundsApiService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async refund(refundId: string): Promise<RefundResponse> {
    requireUuid(refundId, 'refundId');
    const refund = await this.store().refund(refundId);
    if (!refund) {
      throw new ProblemException({
        status: 404,
        slug: 'refund-not-found',
        title: 'No such refund',
        detail: `no refund ${refundId}`,
      });
    }
    const [presented] = await this.present([refund]);
    return presented;
  }

  async ofReturn(returnId: string): Promise<RefundListResponse> {
    requireUuid(returnId, 'returnId');
    return this.list(await this.store().refundsWhere('return_id', returnId));
  }

  async ofOrder(orderId: string): Promise<RefundListResponse> {
    return this.list(await this.store().refundsWhere('order_id', orderId));
  }

  async inState(query: RefundsByStateQuery): Promise<Page<RefundResponse>> {
    let after: { updatedAt: Date; refundId: string } | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['updatedAt', 'refundId']);
      after = { updatedAt: new Date(String(position.updatedAt)), refundId: String(position.refundId) };
      if (Number.isNaN(after.updatedAt.getTime()) || !isUuid(after.refundId)) throw invalidCursor();
    }
    const rows = await this.store().refundsIn(query.state, query.limit + 1, after);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: await this.present(items),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ updatedAt: last.updatedAt.toISOString(), refundId: last.refundId })
          : null,
    };
  }

  /** Ops send a refund that needs attention back for a new round of payment attempts. */
  async retry(refundId: string): Promise<RefundResponse> {
    requireUuid(refundId, 'refundId');
    if (!(await this.store().retry(refundId, this.clock.now()))) {
      const current = await this.refund(refundId);
      throw new ProblemException({
        status: 409,
        slug: 'refund-not-retryable',
        title: 'Request cannot be carried out',
        detail: `refund ${refundId} is ${current.state}; only a refund that needs attention is retried`,
      });
    }
    return this.refund(refundId);
  }

  private async list(refunds: readonly Refund[]): Promise<RefundListResponse> {
    const items = await this.present(refunds);
    const refundedMinor = items
      .filter((item) => item.state === 'succeeded')
      .reduce((sum, item) => sum + item.amountMinor - (item.adjustment?.adjustmentMinor ?? 0), 0);
    return { items, refundedMinor };
  }

  private async present(refunds: readonly Refund[]): Promise<RefundResponse[]> {
    const store = this.store();
    const attempts = await store.attemptsOf(refunds.map((refund) => refund.refundId));
    const adjustments = await store.adjustmentsOf([...new Set(refunds.map((refund) => refund.returnId))]);
    return refunds.map((refund) => {
      const adjustment = adjustments.find((candidate) => candidate.refundId === refund.refundId);
      return {
        refundId: refund.refundId,
        returnId: refund.returnId,
        orderId: refund.orderId,
        customerId: refund.customerId,
        phase: refund.phase,
        method: refund.method,
        currency: refund.currency,
        amountMinor: refund.amountMinor,
        bonusMinor: refund.bonusMinor,
        state: refund.state,
        attempts: refund.attempts,
        nextAttemptAt: refund.nextAttemptAt?.toISOString() ?? null,
        providerReference: refund.providerReference,
        lastError: refund.lastError,
        paymentAttempts: attempts
          .filter((attempt) => attempt.refundId === refund.refundId)
          .map((attempt) => ({
            call: attempt.call,
            outcome: attempt.outcome,
            answer: attempt.answer,
            startedAt: attempt.startedAt.toISOString(),
            finishedAt: attempt.finishedAt.toISOString(),
          })),
        adjustment: adjustment
          ? {
              adjustmentMinor: adjustment.adjustmentMinor,
              kind: adjustment.kind,
              refundableMinor: adjustment.refundableMinor,
              adjustedAt: adjustment.at.toISOString(),
            }
          : null,
        createdAt: refund.createdAt.toISOString(),
        updatedAt: refund.updatedAt.toISOString(),
      };
    });
  }

  private store(): PgRefundsStore {
    return new PgRefundsStore(this.dataSource.manager);
  }
}
