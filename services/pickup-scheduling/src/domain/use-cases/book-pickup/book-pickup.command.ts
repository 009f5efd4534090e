/**
 * Booking the pickup of an approved return. The event's shape was validated on the way in; the rules
 * booking rests on — at least one attempt, a label that lives at least a day, at least one line —
 * are checked here so a booking never starts from a return that breaks them. What is collected is
 * the lines the customer sends back: a line the customer keeps (a returnless refund) stays out of
 * the parcel, and a return whose every line is kept has nothing to collect.
 */
import { isSentBack, type ParcelLine, type ReturnApproved } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';

export class BookPickupCommand {
  private constructor(
    readonly approved: ReturnApproved,
    /** The lines in the parcel; empty when the customer keeps every line. */
    readonly collect: readonly ParcelLine[],
  ) {}

  static from(approved: ReturnApproved): BookPickupCommand {
    const problems: FieldProblem[] = [];
    if (!(approved.maxPickupAttempts >= 1))
      problems.push({ field: 'maxPickupAttempts', message: 'must be at least 1' });
    if (!(approved.labelValidityDays >= 1))
      problems.push({ field: 'labelValidityDays', message: 'must be at least 1' });
    if (approved.lines.length === 0) problems.push({ field: 'lines', message: 'must name at least one line' });
    if (problems.length > 0) throw DomainError.invalid(problems);
    const collect = approved.lines.filter(isSentBack).map(({ lineId, sku, quantity }) => ({ lineId, sku, quantity }));
    return new BookPickupCommand(approved, collect);
  }
}
