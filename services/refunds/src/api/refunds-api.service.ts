/** What the REST controller does: validate what the DTOs cannot, read or retry, shape the answer. */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, decodeCursor, fetchPage, invalidCursor, sumMinor, type Page } from '@rebound/kernel';
import { TRANSACTIONS } from '@rebound/service';
import { type Caller, isUuid, type PageQuery, requireUuid } from '@rebound/http';
import type { OrderRefundPosition, RefundsReads, TransactionRunner } from '../domain/ports';
import { PHASES, paymentKey, type Refund } from '../domain/refund';
import { ActOnRefund } from '../domain/use-cases/act-on-refund/act-on-refund';
import { RefundActionCommand } from '../domain/use-cases/act-on-refund/act-on-refund.command';
import { REFUNDS_READS } from '../providers';
import type { RefundActionRequest } from './dto/refund-action.request';
import type {
  OrderRefundPageResponse,
  RefundListResponse,
  RefundResponse,
  RefundsByStateQuery,
} from './dto/refund.response';

@Injectable()
export class RefundsApiService {
  constructor(
    @Inject(REFUNDS_READS) private readonly reads: RefundsReads,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly actOnRefund: ActOnRefund,
  ) {}

  async refund(refundId: string, caller: Caller): Promise<RefundResponse> {
    requireUuid(refundId, 'refundId');
    const refund = await this.reads.refund(refundId);
    if (!refund) {
      throw new DomainError('not-found', 'refund-not-found', `no refund ${refundId}`, { title: 'No such refund' });
    }
    const [presented] = await this.present([refund], caller);
    return presented;
  }

  async ofReturn(returnId: string, caller: Caller): Promise<RefundListResponse> {
    requireUuid(returnId, 'returnId');
    const refunds = await this.reads.refundsOfReturn(returnId);
    const items = await this.present(refunds, caller);
    const exchangeLines = (await this.reads.exchangeLinesOf(returnId)).map(
      ({ lineId, creditMinor, replacementCostMinor, surplusMinor, shortfallMinor, bonusMinor }) => ({
        lineId,
        creditMinor,
        replacementCostMinor,
        surplusMinor,
        shortfallMinor,
        bonusMinor,
      }),
    );
    return { items, refundedMinor: refundedBy(refunds), exchangeLines };
  }

  async ofOrder(orderId: string, query: PageQuery, caller: Caller): Promise<OrderRefundPageResponse> {
    let after: OrderRefundPosition | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['createdAt', 'phase', 'refundId']);
      after = {
        createdAt: new Date(String(position.createdAt)),
        phase: String(position.phase),
        refundId: String(position.refundId),
      };
      const phases: readonly string[] = PHASES;
      if (Number.isNaN(after.createdAt.getTime()) || !phases.includes(after.phase) || !isUuid(after.refundId)) {
        throw invalidCursor();
      }
    }
    const page = await fetchPage(
      query.limit,
      (rows) => this.reads.refundsOfOrder(orderId, rows, after),
      (last) => ({ createdAt: last.createdAt.toISOString(), phase: last.phase, refundId: last.refundId }),
    );
    return {
      items: await this.present(page.items, caller),
      nextCursor: page.nextCursor,
      refundedMinor: await this.reads.refundedOfOrder(orderId),
    };
  }

  async inState(query: RefundsByStateQuery, caller: Caller): Promise<Page<RefundResponse>> {
    let after: { updatedAt: Date; refundId: string } | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['updatedAt', 'refundId']);
      after = { updatedAt: new Date(String(position.updatedAt)), refundId: String(position.refundId) };
      if (Number.isNaN(after.updatedAt.getTime()) || !isUuid(after.refundId)) throw invalidCursor();
    }
    const page = await fetchPage(
      query.limit,
      (rows) => this.reads.refundsIn(query.state, rows, after),
      (last) => ({ updatedAt: last.updatedAt.toISOString(), refundId: last.refundId }),
    );
    return { items: await this.present(page.items, caller), nextCursor: page.nextCursor };
  }

  /** Ops pay a failed refund, or one that needs attention, again on the original payment method. */
  async retry(refundId: string, body: RefundActionRequest, caller: Caller): Promise<RefundResponse> {
    const command = this.command(refundId, 'retry', body, caller);
    await this.transactions.run((tx) => this.actOnRefund.execute(tx, command));
    return this.refund(refundId, caller);
  }

  /** Ops pay what a refund left unpaid as store credit; the answer is the store-credit refund. */
  async fallBackToStoreCredit(refundId: string, body: RefundActionRequest, caller: Caller): Promise<RefundResponse> {
    const command = this.command(refundId, 'fall_back_to_store_credit', body, caller);
    const replacement = await this.transactions.run((tx) => this.actOnRefund.execute(tx, command));
    return this.refund(replacement, caller);
  }

  private command(
    refundId: string,
    action: RefundActionCommand['action'],
    body: RefundActionRequest,
    caller: Caller,
  ): RefundActionCommand {
    requireUuid(refundId, 'refundId');
    return RefundActionCommand.of({
      refundId,
      action,
      operator: { subject: caller.subject, clientId: caller.clientId },
      reason: body.reason,
    });
  }

  /**
   * The provider's own answers (status and body) are for those who operate refunds; other readers see
   * each call's outcome only.
   */
  private async present(refunds: readonly Refund[], caller: Caller): Promise<RefundResponse[]> {
    const seesProviderAnswers = caller.permissions.has('refunds:operate');
    const refundIds = refunds.map((refund) => refund.refundId);
    const attempts = await this.reads.attemptsOf(refundIds);
    const payments = await this.reads.paymentsOfAll(refundIds);
    const actions = await this.reads.actionsOf(refundIds);
    const adjustments = await this.reads.adjustmentsOf([...new Set(refunds.map((refund) => refund.returnId))]);
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
        reverses: refund.reverses,
        reversalReason: refund.reversalReason,
        payments: payments
          .filter((payment) => payment.refundId === refund.refundId)
          .map((payment) => ({
            n: payment.n,
            idempotencyKey: paymentKey(payment),
            chargeId: payment.chargeId,
            amountMinor: payment.amountMinor,
            state: payment.state,
            providerReference: payment.providerReference,
          })),
        actions: actions
          .filter((action) => action.refundId === refund.refundId)
          .map((action) => ({
            action: action.action,
            operatorId: action.operatorId,
            operatorClientId: action.operatorClientId,
            reason: action.reason,
            replacementRefundId: action.replacementRefundId,
            actedAt: action.at.toISOString(),
          })),
        paymentAttempts: attempts
          .filter((attempt) => attempt.refundId === refund.refundId)
          .map((attempt) => ({
            n: attempt.n,
            call: attempt.call,
            outcome: attempt.outcome,
            answer: seesProviderAnswers ? attempt.answer : null,
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
}

/**
 * What succeeded refunds paid, less succeeded claw-backs of them. An exchange's credit paid for its
 * replacements and a collection charged the customer: neither counts, nor does charging an exchange's credit back.
 */
function refundedBy(refunds: readonly Refund[]): number {
  const phases = new Map(refunds.map((refund) => [refund.refundId, refund.phase]));
  return sumMinor(
    refunds
      .filter((refund) => refund.state === 'succeeded' && refund.phase !== 'exchange' && refund.phase !== 'collection')
      .filter((refund) => refund.reverses === null || phases.get(refund.reverses) !== 'exchange')
      .map((refund) => (refund.phase === 'clawback' ? -refund.amountMinor : refund.amountMinor)),
  );
}
