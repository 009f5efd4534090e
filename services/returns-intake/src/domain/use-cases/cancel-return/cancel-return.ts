/**
 * The customer (or an agent for them) cancels a return until the parcel is on its way. A customer's
 * own request reaches only that customer's returns: another's is not found.
 */
import { ReturnCancelled } from '@rebound/contracts';
import type { Actor } from '@rebound/contracts';
import { announce } from '../../announce';
import { IntakeError } from '../../errors';
import type { Clock, TransactionRunner } from '../../ports';
import { returnCancelled } from '../../return-events';
import { isCancellable } from '../../return-status';

export interface CancelReturnCommand {
  readonly returnId: string;
  /** Who cancels, from the caller's token. */
  readonly cancelledBy: Actor;
  /** Set when a customer cancels with a token of their own. */
  readonly customerId?: string;
  readonly reason?: string;
}

export class CancelReturn {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  execute(command: CancelReturnCommand): Promise<void> {
    return this.transactions.run(async (tx) => {
      const request = await tx.store.lockReturn(command.returnId);
      if (!request || (command.customerId !== undefined && request.customerId !== command.customerId)) {
        throw new IntakeError('not-found', 'return-not-found', `return ${command.returnId} does not exist`);
      }
      if (!isCancellable(request.status)) {
        throw new IntakeError(
          'conflict',
          'not-cancellable',
          `return ${command.returnId} is ${request.status} and can no longer be cancelled`,
        );
      }
      const now = this.clock.now();
      await tx.store.setStatus(request.returnId, 'cancelled', now);
      const data = returnCancelled(request, command.cancelledBy.subject, now, command.reason);
      await announce(tx, request.returnId, ReturnCancelled, data, 'cancelled', now, command.cancelledBy);
    });
  }
}
