/** A cancellation: which return, by whom, and why if they said. A reason, when given, says something. */
import type { Actor } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';

export class CancelReturnCommand {
  readonly returnId: string;
  /** Who cancels, from the caller's token. */
  readonly cancelledBy: Actor;
  /** Set when a customer cancels with a token of their own. */
  readonly customerId?: string;
  readonly reason?: string;

  constructor(input: { returnId: string; cancelledBy: Actor; customerId?: string; reason?: string }) {
    const problems: FieldProblem[] = [];
    if (input.returnId.length === 0) problems.push({ field: 'returnId', message: 'must name a return' });
    if (input.reason !== undefined && input.reason.trim().length === 0) {
      problems.push({ field: 'reason', message: 'must say something when given' });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.returnId = input.returnId;
    this.cancelledBy = input.cancelledBy;
    this.customerId = input.customerId;
    this.reason = input.reason;
  }
}
