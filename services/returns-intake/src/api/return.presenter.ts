/** Domain records → the response shapes REST and gRPC share, so both edges say the same thing. */
import type { ReturnAssessment } from '../domain/policy/return-policy';
import type { ReturnPreview } from '../domain/use-cases/assess-return/assess-return';
import {
  refundedMinor,
  type Decision,
  type RefundFact,
  type ReturnRequest,
  type TimelineEntry,
} from '../domain/return-request';
import type { PreviewReturnResponse } from './dto/preview-return.response';
import type { DecisionResponse, ReturnResponse, ReturnSummaryResponse } from './dto/return.response';

export function presentSummary(request: ReturnRequest): ReturnSummaryResponse {
  return {
    returnId: request.returnId,
    orderId: request.orderId,
    customerId: request.customerId,
    status: request.status,
    method: request.method,
    refundMethod: request.refundMethod,
    pickup: request.pickup,
    currency: request.currency,
    policyVersion: request.policyVersion,
    expectedRefundMinor: request.expectedRefundMinor,
    instantExchange: request.instantExchange,
    exchangeRequestedAt: request.exchangeRequestedAt?.toISOString() ?? null,
    exchangeReleasedAt: request.exchangeReleasedAt?.toISOString() ?? null,
    lines: request.lines.map((line) => ({ ...line, photoUrls: [...line.photoUrls], fallbacks: [...line.fallbacks] })),
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
  };
}

export function presentReturn(
  request: ReturnRequest,
  decisions: readonly Decision[],
  timeline: readonly TimelineEntry[],
  refunds: readonly RefundFact[],
): ReturnResponse {
  const presented = decisions.map(presentDecision);
  const latest = decisions[decisions.length - 1];
  return {
    ...presentSummary(request),
    decision: presented[presented.length - 1],
    decisions: presented,
    fees: latest.assessment.fees,
    refunds: {
      refundedMinor: refundedMinor(refunds),
      items: refunds.map(
        ({ refundId, kind, phase, state, amountMinor, bonusMinor, clawbackMinor, currency, detail }) => ({
          refundId,
          kind,
          phase,
          state,
          amountMinor,
          bonusMinor,
          clawbackMinor,
          currency,
          detail,
        }),
      ),
    },
    timeline: timeline.map((entry) => ({
      eventId: entry.eventId,
      type: entry.eventType,
      source: entry.source,
      occurredAt: entry.occurredAt.toISOString(),
      statusAfter: entry.statusAfter,
      details: entry.details,
      actor: entry.actor,
    })),
  };
}

function presentDecision(decision: Decision): DecisionResponse {
  const { assessment } = decision;
  return {
    outcome: decision.outcome,
    policyVersion: decision.policyVersion,
    decidedBy: decision.decidedBy,
    note: decision.note,
    decidedAt: decision.decidedAt.toISOString(),
    lines: assessment.lines.map((line) => ({
      lineId: line.lineId,
      eligible: line.eligible,
      reasons: line.problems.map(({ code, field, message }) => ({ code, field, message })),
      windowEndsAt: line.windowEndsAt,
    })),
    reviewReasons: [...assessment.reviewReasons],
    instantRefund: assessment.instantRefund,
  };
}

export function presentPreview({ assessment, offers }: ReturnPreview): PreviewReturnResponse {
  const problem = ({ kind, code, field, message }: ReturnAssessment['problems'][number]) => ({
    kind,
    code,
    field,
    message,
  });
  return {
    outcome: assessment.outcome,
    policyVersion: assessment.policyVersion,
    currency: assessment.currency,
    lines: assessment.lines.map((line, index) => ({
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      eligible: line.eligible,
      problems: line.problems.map(problem),
      returnableQuantity: line.returnableQuantity,
      windowEndsAt: line.windowEndsAt,
      allowedMethods: [...line.allowedMethods],
      valueMinor: line.valueMinor,
      restockingFeeMinor: line.restockingFeeMinor,
      offers: offers[index].map((offer) => ({
        ...offer,
        replacement: offer.replacement && { ...offer.replacement, optionValues: { ...offer.replacement.optionValues } },
      })),
    })),
    problems: assessment.problems.map(problem),
    allowedMethods: [...assessment.allowedMethods],
    fees: assessment.fees,
    expectedRefundMinor: assessment.expectedRefundMinor,
    instantRefund: assessment.instantRefund,
    reviewReasons: [...assessment.reviewReasons],
  };
}
