/** Cancelling the pickup of a return returns-intake cancelled. */
import type { ReturnCancelled } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';

export class CancelPickupCommand {
  private constructor(
    readonly returnId: string,
    /** Who cancelled the return, for the partner's and Rebound's records. */
    readonly cancelledBy: string,
  ) {}

  static from(cancelled: ReturnCancelled): CancelPickupCommand {
    if (!cancelled.returnId) throw DomainError.invalid([{ field: 'returnId', message: 'must name the return' }]);
    return new CancelPickupCommand(cancelled.returnId, cancelled.cancelledBy);
  }
}
