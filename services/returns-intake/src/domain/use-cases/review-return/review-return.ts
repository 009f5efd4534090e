/**
 * An agent decides a return the policy sent to manual review: approve (under the terms of the policy
 * version that assessed it) or reject, with a note that is stored with the decision. Approval checks
 * again that a partner can collect it, since partners may have changed while it waited (see
 * partner-coverage); a customer's window that has passed meanwhile is refused the same way.
 */
import { randomUUID } from 'node:crypto';
import { ReturnApproved, ReturnRejected } from '@rebound/contracts';
import { announce } from '../../announce';
import { DomainError, type UseCase } from '@rebound/kernel';
import { checkCoverage } from '../../partner-coverage';
import type { Clock, IntakeTransaction } from '../../ports';
import { returnApproved, returnRejected } from '../../return-events';
import type { ReviewReturnCommand } from './review-return.command';

export class ReviewReturn implements UseCase<IntakeTransaction, ReviewReturnCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: IntakeTransaction, command: ReviewReturnCommand): Promise<void> {
    const request = await tx.returns.lock(command.returnId);
    if (!request) throw new DomainError('not-found', 'return-not-found', `return ${command.returnId} does not exist`);
    if (request.status !== 'pending_review') {
      throw new DomainError(
        'conflict',
        'not-pending-review',
        `return ${command.returnId} is ${request.status}; only returns pending review can be approved or rejected`,
      );
    }
    const held = (await tx.returns.decisions(request.returnId)).find(
      (decision) => decision.outcome === 'pending_review',
    );
    const order = await tx.orders.find(request.orderId);
    if (!held || !order) {
      throw new Error(`return ${request.returnId} is pending review without its decision or order`);
    }
    const now = this.clock.now();
    if (command.decision === 'approved') {
      await checkCoverage(tx.coverage, order, { method: request.method, pickup: request.pickup ?? undefined }, now);
    }
    await tx.returns.insertDecision({
      ...held,
      decisionId: randomUUID(),
      outcome: command.decision,
      decidedBy: command.agent.subject,
      note: command.note,
      decidedAt: now,
    });
    await tx.returns.setStatus(request.returnId, command.decision, now);
    if (command.decision === 'approved') {
      const data = returnApproved(request, order, held.assessment, command.agent.subject, now);
      await announce(tx, request.returnId, ReturnApproved, data, 'approved', now, command.agent);
    } else {
      const data = returnRejected(request, held.assessment, command.agent.subject, now, command.note);
      await announce(tx, request.returnId, ReturnRejected, data, 'rejected', now, command.agent);
    }
  }
}
