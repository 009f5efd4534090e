/**
 * Opens a return: decides it under the current policy with the order locked (so two concurrent
 * returns can never take more units than were delivered), stores the request (already in the status
 * the decision gives it) and the decision, and announces ReturnRequested plus ReturnApproved or
 * ReturnRejected — all in one transaction.
 *
 * Each line may carry the customer's choice (a refund, keeping the item, an exchange) and next
 * choices: they are checked against the offers the preview makes for the line (resolutions.ts) and a
 * choice not offered refuses the whole return, naming the field. The choices set the quote, and the
 * approval carries them, with whether the exchanges ship at once (the customer's tier).
 *
 * With an idempotency key, a retry with the same body answers with the return the first call made;
 * the same key with a different body is refused.
 */
import { randomUUID } from 'node:crypto';
import { ReturnApproved, ReturnRejected, ReturnRequested } from '@rebound/contracts';
import { DomainError, type UseCase } from '@rebound/kernel';
import { published } from '../../announce';
import type { Clock, IntakeTransaction } from '../../ports';
import {
  DEFAULT_REFUND_METHOD,
  type Decision,
  type DecisionOutcome,
  type ReturnRequest,
  type TimelineEntry,
} from '../../return-request';
import { returnApproved, returnRejected, returnRequested } from '../../return-events';
import { quotedWith, resolveChoices, type ResolvedLine } from '../../resolutions';
import { AssessedReturn, assessReturn, lineOffers } from '../assess-return/assess-return';
import type { OpenReturnCommand } from './open-return.command';

export interface OpenedReturn {
  readonly returnId: string;
  /** True when this answers a retry of an earlier call with the same idempotency key. */
  readonly replayed: boolean;
}

const OPERATION = 'open-return';

export class OpenReturn implements UseCase<IntakeTransaction, OpenReturnCommand, OpenedReturn> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: IntakeTransaction, command: OpenReturnCommand): Promise<OpenedReturn> {
    const returnId = randomUUID();
    if (command.idempotencyKey !== undefined) {
      const claim = await tx.idempotencyKeys.claim(OPERATION, command.idempotencyKey, command.requestHash, returnId);
      if (!claim.claimed) {
        if (claim.requestHash !== command.requestHash) {
          throw new DomainError(
            'conflict',
            'idempotency-key-reused',
            `Idempotency-Key "${command.idempotencyKey}" was already used with a different request body`,
          );
        }
        return { returnId: claim.resourceId, replayed: true };
      }
    }
    const now = this.clock.now();
    const judged = await assessReturn(tx, command, now, { lockOrder: true });
    const outcome = judged.assessment.outcome;
    if (outcome === 'invalid') {
      const { assessment } = judged;
      const problems = [...assessment.lines.flatMap((line) => line.problems), ...assessment.problems]
        .filter((problem) => problem.kind === 'input')
        .map(({ field, message, code }) => ({ field, message, code }));
      throw new DomainError('unprocessable', 'return-not-acceptable', 'the return cannot be opened as requested', {
        problems: problems,
      });
    }
    const resolved = await resolutionsOf(tx, command, judged);
    const assessed = { ...judged, assessment: quotedWith(judged.assessment, resolved) };
    const request = newRequest(returnId, command, assessed, outcome, resolved, now);
    const requested = await published(
      tx,
      returnId,
      ReturnRequested,
      returnRequested(request),
      'requested',
      now,
      command.openedBy,
    );
    await tx.returns.insert(request, {
      decision: decisionOf(request, assessed, outcome, now),
      timeline: [requested, await this.outcomeEntry(tx, request, assessed, outcome, now)],
    });
    return { returnId, replayed: false };
  }

  /** The outcome's event, published, as its timeline entry; a return held for review publishes nothing. */
  private async outcomeEntry(
    tx: IntakeTransaction,
    request: ReturnRequest,
    assessed: AssessedReturn,
    outcome: DecisionOutcome,
    now: Date,
  ): Promise<TimelineEntry> {
    const { assessment, order } = assessed;
    switch (outcome) {
      case 'approved':
        return published(
          tx,
          request.returnId,
          ReturnApproved,
          returnApproved(request, order, assessment, 'policy', now),
          'approved',
          now,
        );
      case 'rejected':
        return published(
          tx,
          request.returnId,
          ReturnRejected,
          returnRejected(request, assessment, 'policy', now),
          'rejected',
          now,
        );
      case 'pending_review':
        return {
          eventId: randomUUID(),
          returnId: request.returnId,
          eventType: 'ReturnHeldForReview',
          source: 'returns-intake/policy',
          occurredAt: now,
          statusAfter: 'pending_review',
          details: { reasons: assessment.reviewReasons },
          actor: null,
        };
    }
  }
}

/**
 * The lines' choices, checked against the offers for them. A return the policy rejects is refused for
 * its lines, not for its choices: they are dropped.
 */
async function resolutionsOf(
  tx: IntakeTransaction,
  command: OpenReturnCommand,
  { assessment, order, policy }: AssessedReturn,
): Promise<ResolvedLine[]> {
  const chosen = command.lines.some((line) => line.resolution != null || (line.fallbacks ?? []).length > 0);
  if (!chosen || assessment.outcome === 'rejected') {
    return command.lines.map(() => ({ resolution: null, fallbacks: [] }));
  }
  const offers = await Promise.all(
    assessment.lines.map((line) => lineOffers(tx.catalogue, tx.exchanges, line, order, policy)),
  );
  return resolveChoices(command.lines, assessment.lines, offers);
}

function newRequest(
  returnId: string,
  command: OpenReturnCommand,
  assessed: AssessedReturn,
  status: DecisionOutcome,
  resolved: readonly ResolvedLine[],
  now: Date,
): ReturnRequest {
  const { order, assessment, policy } = assessed;
  const exchanges = resolved.some(({ resolution }) => resolution?.kind === 'exchange');
  return {
    returnId,
    orderId: order.orderId,
    customerId: order.customerId,
    status,
    method: command.method,
    refundMethod: command.refundMethod ?? DEFAULT_REFUND_METHOD,
    pickup: command.pickup ?? null,
    currency: order.currency,
    policyVersion: assessment.policyVersion,
    expectedRefundMinor: assessment.expectedRefundMinor,
    instantExchange: exchanges && policy.instantExchange(order.loyaltyTier),
    exchangeRequestedAt: null,
    exchangeReleasedAt: null,
    createdAt: now,
    updatedAt: now,
    lines: command.lines.map((line, index) => {
      const assessedLine = assessment.lines[index];
      // An assessment without input problems found every line on the order.
      const orderLine = order.lines.find((candidate) => candidate.lineId === line.lineId);
      if (!orderLine) throw new Error(`line ${line.lineId} passed assessment without being on order ${order.orderId}`);
      return {
        lineId: line.lineId,
        sku: orderLine.sku,
        category: orderLine.category,
        quantity: line.quantity,
        unitPriceMinor: orderLine.unitPriceMinor,
        reasonCode: line.reasonCode,
        comment: line.comment ?? null,
        photoUrls: line.photoUrls ?? [],
        // Kept for an exchange too (its credit waives it): the line may yet be refunded instead.
        restockingFeeMinor: assessedLine.restockingFeeMinor,
        resolution: resolved[index]?.resolution ?? null,
        fallbacks: resolved[index]?.fallbacks ?? [],
        warehouseId: null,
      };
    }),
  };
}

function decisionOf(request: ReturnRequest, assessed: AssessedReturn, outcome: DecisionOutcome, now: Date): Decision {
  const { assessment } = assessed;
  return {
    decisionId: randomUUID(),
    returnId: request.returnId,
    outcome,
    policyVersion: assessment.policyVersion,
    decidedBy: 'policy',
    note: null,
    inputs: assessed.inputs,
    assessment,
    decidedAt: now,
  };
}
