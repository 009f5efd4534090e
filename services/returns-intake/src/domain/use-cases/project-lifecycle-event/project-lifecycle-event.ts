/**
 * Applies a fact another service announced about a return (pickup, inspection, refund) to the
 * return's status and timeline. Every fact lands on the timeline once (by event id); the status only
 * moves forward, so duplicates and late arrivals never move it back. Some moves are returns-intake's
 * own decisions and announced as such: a pickup that was abandoned expires the return, which gives up
 * its exchanges (each exchanged line becomes a refund, so a parcel that turns up after all is
 * refunded as graded); inspection settles exchanged lines and may request the exchange order;
 * refunds' word that the exchange is paid releases its replacements to ship; and a return whose money
 * is settled (the final refund, or inspection when no line awaits a refund) and whose exchange, if
 * any, is released completes (see exchanges.ts). What each fact means is read from its event
 * (project-lifecycle-event.command).
 */
import { ReturnExpired } from '@rebound/contracts';
import { announce } from '../../announce';
import { DomainError, type UseCase } from '@rebound/kernel';
import type { Clock, IntakeTransaction } from '../../ports';
import {
  completeWhenSettled,
  giveUpExchanges,
  releaseExchange,
  requestExchangeOrderWhenDue,
  settleInspection,
} from '../../exchanges';
import type { RefundFact } from '../../return-request';
import { returnExpired } from '../../return-events';
import { canMove } from '../../return-status';
import type { ProjectLifecycleEventCommand, RefundChange } from './project-lifecycle-event.command';

export class ProjectLifecycleEvent implements UseCase<IntakeTransaction, ProjectLifecycleEventCommand, void> {
  constructor(private readonly clock: Clock) {}

  execute(tx: IntakeTransaction, fact: ProjectLifecycleEventCommand): Promise<void> {
    return project(tx, fact, this.clock.now());
  }
}

async function project(tx: IntakeTransaction, fact: ProjectLifecycleEventCommand, now: Date): Promise<void> {
  const request = await tx.returns.lock(fact.returnId);
  if (!request) {
    throw new DomainError(
      'not-found',
      'return-not-found',
      `${fact.eventType} refers to unknown return ${fact.returnId}`,
    );
  }
  const target = fact.moveTo;
  const moves = target !== undefined && canMove(request.status, target);
  const statusAfter = moves ? target : request.status;
  const recorded = await tx.returns.appendTimeline({
    eventId: fact.eventId,
    returnId: fact.returnId,
    eventType: fact.eventType,
    source: fact.source,
    occurredAt: fact.occurredAt,
    statusAfter,
    details: fact.details,
    actor: null,
  });
  if (!recorded) return;
  if (fact.refund) await applyRefundChange(tx, fact.returnId, request.currency, fact.refund, now);
  // A reaction never precedes its cause on the timeline, even when the other service's clock runs ahead.
  const reactedAt = fact.occurredAt > now ? fact.occurredAt : now;
  // A fact that moves nothing is still progress (a pickup rebooked, a refund declined for ops to act
  // on): the return is not stuck while other services keep working on it.
  if (!moves) {
    await tx.returns.markProgress(fact.returnId, now);
    if (fact.exchangePaid) await releaseExchange(tx, request, reactedAt);
    return;
  }

  await tx.returns.setStatus(fact.returnId, statusAfter, now);
  if (statusAfter === 'expired') {
    const reason = fact.endReason ?? fact.eventType;
    await announce(tx, fact.returnId, ReturnExpired, returnExpired(request, reason, reactedAt), 'expired', reactedAt);
    await giveUpExchanges(tx, { ...request, status: 'expired' }, reactedAt);
  }
  if (statusAfter === 'inspected' || statusAfter === 'refunded') {
    const moved = { ...request, status: statusAfter };
    const settled = fact.inspected ? await settleInspection(tx, moved, fact.inspected, reactedAt) : moved;
    await completeWhenSettled(tx, await requestExchangeOrderWhenDue(tx, settled, reactedAt), reactedAt);
  }
}

/** Refund facts may arrive in any order; each event sets its own fields, and `succeeded` is never undone. */
async function applyRefundChange(
  tx: IntakeTransaction,
  returnId: string,
  currency: string,
  change: RefundChange,
  now: Date,
): Promise<void> {
  const existing = await tx.returns.findRefund(change.refundId);
  const base: RefundFact = existing ?? {
    refundId: change.refundId,
    returnId,
    kind: 'refund',
    phase: change.phase,
    state: 'pending',
    amountMinor: 0,
    bonusMinor: 0,
    clawbackMinor: 0,
    currency,
    detail: null,
    updatedAt: now,
  };
  const merged: RefundFact = { ...base, ...change, returnId, updatedAt: now };
  await tx.returns.saveRefund(existing?.state === 'succeeded' ? { ...merged, state: 'succeeded' } : merged);
}
