/** A fact pickup-scheduling reports about a return's parcel: picked up (its lines), or delivered (when). */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { ParcelPickedUp } from '@rebound/contracts';

export type ParcelFact =
  | { readonly kind: 'picked-up'; readonly parcel: ParcelPickedUp }
  | { readonly kind: 'delivered'; readonly returnId: string; readonly deliveredAt: Date };

export class TrackParcelCommand {
  private constructor(readonly fact: ParcelFact) {}

  /** Units on their way are whole and more than none. */
  static pickedUp(parcel: ParcelPickedUp): TrackParcelCommand {
    const problems: FieldProblem[] = [];
    parcel.lines.forEach((line, index) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1) {
        problems.push({ field: `lines[${index}].quantity`, message: 'must be a whole number, 1 or more' });
      }
    });
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new TrackParcelCommand({ kind: 'picked-up', parcel });
  }

  /** `deliveredAt`: when pickup-scheduling announced the delivery. */
  static delivered(returnId: string, deliveredAt: Date): TrackParcelCommand {
    if (Number.isNaN(deliveredAt.getTime())) {
      throw DomainError.invalid([{ field: 'deliveredAt', message: 'must be a date and time' }]);
    }
    return new TrackParcelCommand({ kind: 'delivered', returnId, deliveredAt });
  }
}
