/**
 * The facts returns-intake announces on `returns.return.v1`, built from the stored return and the
 * decision taken on it. ReturnApproved carries the whole decision so no consumer recomputes it.
 */
import {
  ReturnApproved,
  ReturnCancelled,
  ReturnCompleted,
  ReturnExpired,
  ReturnRejected,
  ReturnRequested,
} from '@rebound/contracts';
import { chargesOfLine, type Order } from './order';
import type { ReturnAssessment } from './policy/return-policy';
import type { ReturnRequest } from './return-request';

export function returnRequested(request: ReturnRequest): ReturnRequested {
  return {
    returnId: request.returnId,
    orderId: request.orderId,
    customerId: request.customerId,
    method: request.method,
    lines: request.lines.map(({ lineId, sku, category, quantity, reasonCode }) => ({
      lineId,
      sku,
      category,
      quantity,
      reasonCode,
    })),
    requestedAt: request.createdAt.toISOString(),
  };
}

export function returnApproved(
  request: ReturnRequest,
  order: Order,
  assessment: ReturnAssessment,
  approvedBy: string,
  at: Date,
): ReturnApproved {
  return {
    returnId: request.returnId,
    orderId: request.orderId,
    customerId: request.customerId,
    ...(order.loyaltyTier ? { loyaltyTier: order.loyaltyTier } : {}),
    policyVersion: assessment.policyVersion,
    currency: request.currency,
    shippingRegion: order.shippingRegion,
    method: request.method,
    refundMethod: request.refundMethod,
    ...(request.pickup ? { pickup: request.pickup } : {}),
    maxPickupAttempts: assessment.logistics.maxPickupAttempts,
    labelValidityDays: assessment.logistics.labelValidityDays,
    lines: request.lines.map((line) => {
      const { lineId, sku, category, quantity, unitPriceMinor, reasonCode, restockingFeeMinor } = line;
      const ordered = order.lines.find((candidate) => candidate.lineId === lineId)?.quantity;
      return {
        lineId,
        sku,
        category,
        quantity,
        unitPriceMinor,
        ...(ordered !== undefined && { orderedQuantity: ordered }),
        reasonCode,
        restockingFeeMinor,
        // Store credit too: an exchange's shortfall and a charge-back are charged to them.
        charges: chargesOfLine(order, lineId),
        ...(line.resolution && { resolution: line.resolution }),
        ...(line.fallbacks.length > 0 && { fallbacks: [...line.fallbacks] }),
      };
    }),
    fees: assessment.fees,
    refundableFractions: assessment.refundableFractions.map(({ grade, fraction }) => ({ grade, fraction })),
    instantRefund: assessment.instantRefund,
    ...(request.instantExchange && { instantExchange: true }),
    storeCreditBonusPercent: assessment.storeCreditBonusPercent,
    expectedRefundMinor: assessment.expectedRefundMinor,
    approvedBy,
    approvedAt: at.toISOString(),
  };
}

export function returnRejected(
  request: ReturnRequest,
  assessment: ReturnAssessment,
  rejectedBy: string,
  at: Date,
  note?: string,
): ReturnRejected {
  return {
    returnId: request.returnId,
    orderId: request.orderId,
    customerId: request.customerId,
    policyVersion: assessment.policyVersion,
    lines: assessment.lines
      .filter((line) => line.problems.length > 0)
      .map((line) => ({ lineId: line.lineId, reasons: line.problems.map(({ code, message }) => ({ code, message })) })),
    rejectedBy,
    ...(note ? { note } : {}),
    rejectedAt: at.toISOString(),
  };
}

export function returnCancelled(
  request: ReturnRequest,
  cancelledBy: string,
  at: Date,
  reason?: string,
): ReturnCancelled {
  return {
    returnId: request.returnId,
    orderId: request.orderId,
    cancelledBy,
    ...(reason ? { reason } : {}),
    cancelledAt: at.toISOString(),
  };
}

export function returnExpired(request: ReturnRequest, reason: string, at: Date): ReturnExpired {
  return { returnId: request.returnId, orderId: request.orderId, reason, expiredAt: at.toISOString() };
}

export function returnCompleted(request: ReturnRequest, refundedMinor: number, at: Date): ReturnCompleted {
  return {
    returnId: request.returnId,
    orderId: request.orderId,
    currency: request.currency,
    refundedMinor,
    completedAt: at.toISOString(),
  };
}
