/** Ops' action on a refund, as it may be recorded: who took it (from their token) and why. */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { RefundAction } from '../../ports';

export class RefundActionCommand {
  private constructor(
    readonly refundId: string,
    readonly action: RefundAction['action'],
    /** Who acts and through which client, as their verified token says (never as a body claims). */
    readonly operator: { readonly subject: string; readonly clientId: string },
    readonly reason: string,
  ) {}

  /** Every action is audited: it names who took it and why. */
  static of(input: {
    refundId: string;
    action: RefundAction['action'];
    operator: { subject: string; clientId: string };
    reason: string;
  }): RefundActionCommand {
    const problems: FieldProblem[] = [];
    if (input.refundId === '') problems.push({ field: 'refundId', message: 'names no refund' });
    if (input.operator.subject === '')
      problems.push({ field: 'operator', message: 'an action needs a known operator' });
    if (input.reason === '') problems.push({ field: 'reason', message: 'an action needs a reason' });
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new RefundActionCommand(input.refundId, input.action, input.operator, input.reason);
  }
}
