/**
 * An agent decides a return the policy sent to manual review: approve (under the terms of the policy
 * version that assessed it) or reject, with a note that is stored with the decision. Approval checks
 * again that a partner can collect it, since partners may have changed while it waited (see
 * check-coverage); a customer's window that has passed meanwhile is refused the same way.
 */
import { randomUUID } from 'node:crypto';
import { ReturnApproved, ReturnRejected } from '@rebound/contracts';
import type { Actor } from '@rebound/contracts';
import { announce } from '../../announce';
import { IntakeError } from '../../errors';
import type { Clock, TransactionRunner } from '../../ports';
import type { DecisionOutcome } from '../../return-request';
import { returnApproved, returnRejected } from '../../return-events';
import { checkCoverage } from '../check-coverage/check-coverage';

export interface ReviewReturnCommand {
  readonly returnId: string;
  readonly decision: Extract<DecisionOutcome, 'approved' | 'rejected'>;
  /** The agent deciding, from the caller's token. */
  readonly agent: Actor;
  readonly note: string;
}

export class ReviewReturn {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  execute(command: ReviewReturnCommand): Promise<void> {
    return this.transactions.run(async (tx) => {
      const request = await tx.store.lockReturn(command.returnId);
      if (!request) throw new IntakeError('not-found', 'return-not-found', `return ${command.returnId} does not exist`);
      if (request.status !== 'pending_review') {
        throw new IntakeError(
          'conflict',
          'not-pending-review',
          `return ${command.returnId} is ${request.status}; only returns pending review can be approved or rejected`,
        );
      }
      const held = (await tx.store.decisions(request.returnId)).find(
        (decision) => decision.outcome === 'pending_review',
      );
      const order = await tx.store.findOrder(request.orderId);
      if (!held || !order) {
        throw new Error(`return ${request.returnId} is pending review without its decision or order`);
      }
      const now = this.clock.now();
      if (command.decision === 'approved') {
        await checkCoverage(tx.store, order, { method: request.method, pickup: request.pickup ?? undefined }, now);
      }
      await tx.store.insertDecision({
        ...held,
        decisionId: randomUUID(),
        outcome: command.decision,
        decidedBy: command.agent.subject,
        note: command.note,
        decidedAt: now,
      });
      await tx.store.setStatus(request.returnId, command.decision, now);
      if (command.decision === 'approved') {
        const data = returnApproved(request, order, held.assessment, command.agent.subject, now);
        await announce(tx, request.returnId, ReturnApproved, data, 'approved', now, command.agent);
      } else {
        const data = returnRejected(request, held.assessment, command.agent.subject, now, command.note);
        await announce(tx, request.returnId, ReturnRejected, data, 'rejected', now, command.agent);
      }
    });
  }
}
