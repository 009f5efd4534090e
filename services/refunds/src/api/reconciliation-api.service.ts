/**
 * What the reconciliation controller does: read the order's money from refunds' tables, ask the
 * provider about every part under its key, and let the domain say whether it adds up. Who asked is
 * logged with what was found, since a reconciliation that disagrees is where finance starts digging.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@rebound/kernel';
import type { Caller } from '@rebound/http';
import type { Logger } from '@rebound/observability';
import type { PaymentProvider, ReconciliationReads } from '../domain/ports';
import {
  providerCallsOf,
  reconcile,
  type OrderMoney,
  type ProviderAnswers,
  type ProviderCall,
  type ReconciliationReport,
} from '../domain/reconciliation';
import type { ProviderAnswer } from '../domain/refund';
import { LOGGER, PAYMENT_PROVIDER, RECONCILIATION_READS } from '../providers';
import type { ReconciliationResponse } from './dto/reconciliation.response';

@Injectable()
export class ReconciliationApiService {
  constructor(
    @Inject(RECONCILIATION_READS) private readonly reads: ReconciliationReads,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async ofOrder(orderId: string, caller: Caller): Promise<ReconciliationResponse> {
    const money = await this.moneyOf(orderId);
    const report = reconcile(money, await this.ask(providerCallsOf(money)));
    this.logger.info(
      {
        orderId,
        actor: { subject: caller.subject, clientId: caller.clientId },
        agrees: report.summary.agrees,
        providerChecks: report.summary.providerChecks,
      },
      'order reconciled',
    );
    return present(report);
  }

  private async moneyOf(orderId: string): Promise<OrderMoney> {
    const money = await this.reads.moneyOf(orderId);
    if (!money) {
      throw new DomainError(
        'not-found',
        'order-not-found',
        `refunds knows nothing of order ${orderId}: no approval, capture or refund`,
        { title: 'No such order' },
      );
    }
    return money;
  }

  /** Every key at once: the adapter has a deadline per call, and a call that throws is answered `unknown`. */
  private async ask(calls: readonly ProviderCall[]): Promise<ProviderAnswers> {
    const answers = await Promise.all(
      calls.map(async (call): Promise<[string, ProviderAnswer]> => {
        try {
          const answer =
            call.call === 'charge'
              ? await this.provider.lookupCharge(call.idempotencyKey)
              : await this.provider.lookup(call.idempotencyKey);
          return [call.idempotencyKey, answer];
        } catch (error) {
          return [call.idempotencyKey, { outcome: 'unknown', reason: (error as Error).message, answer: null }];
        }
      }),
    );
    return new Map(answers);
  }
}

function present(report: ReconciliationReport): ReconciliationResponse {
  return {
    orderId: report.orderId,
    capturesKnown: report.capturesKnown,
    lines: report.lines.map((line) => ({
      lineId: line.lineId,
      capturedMinor: line.capturedMinor,
      charges: line.charges.map((charge) => ({ ...charge })),
      instantMinor: line.ledger.instant,
      finalMinor: line.ledger.final,
      storeCreditMinor: line.ledger.store_credit,
      exchangedMinor: line.ledger.exchange,
      releasedMinor: line.ledger.release,
      reversedMinor: line.ledger.reversal,
      adjustedMinor: line.ledger.adjustment,
      refundedMinor: line.refundedMinor,
      leftMinor: line.leftMinor,
      outstandingClawbackMinor: line.outstandingClawbackMinor,
      withinCaptured: line.withinCaptured,
    })),
    payments: report.payments.map((payment) => ({
      ...payment,
      lines: payment.lines.map((share) => ({ ...share })),
      provider: { ...payment.provider },
    })),
    outstandingClawbacks: report.outstandingClawbacks.map((clawback) => ({ ...clawback })),
    summary: { ...report.summary, providerChecks: { ...report.summary.providerChecks } },
  };
}
