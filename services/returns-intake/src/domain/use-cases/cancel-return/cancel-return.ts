/**
 * The customer (or an agent for them) cancels a return until the parcel is on its way. A customer's
 * own request reaches only that customer's returns: another's is not found.
 */
import { ReturnCancelled } from '@rebound/contracts';
import { announce } from '../../announce';
import { DomainError, type UseCase } from '@rebound/kernel';
import type { Clock, IntakeTransaction } from '../../ports';
import type { CancelReturnCommand } from './cancel-return.command';
import { returnCancelled } from '../../return-events';
import { isCancellable } from '../../return-status';

export class CancelReturn implements UseCase<IntakeTransaction, CancelReturnCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: IntakeTransaction, command: CancelReturnCommand): Promise<void> {
    const request = await tx.returns.lock(command.returnId);
    if (!request || (command.customerId !== undefined && request.customerId !== command.customerId)) {
      throw new DomainError('not-found', 'return-not-found', `return ${command.returnId} does not exist`);
    }
    if (!isCancellable(request.status)) {
      throw new DomainError(
        'conflict',
        'not-cancellable',
        `return ${command.returnId} is ${request.status} and can no longer be cancelled`,
      );
    }
    const now = this.clock.now();
    await tx.returns.setStatus(request.returnId, 'cancelled', now);
    const data = returnCancelled(request, command.cancelledBy.subject, now, command.reason);
    await announce(tx, request.returnId, ReturnCancelled, data, 'cancelled', now, command.cancelledBy);
  }
}
