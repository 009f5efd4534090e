/**
 * What the simulator remembers of each pickup it was given: the latest booked attempt, whether the
 * parcel is already in its hands, and whether the booking was cancelled. It decides whether a booking
 * gets a plan, and whether a planned event may still go out — a cancelled booking, or an attempt a
 * rebooking replaced, gets nothing more; but a parcel already collected is delivered all the same,
 * as a real carrier would, when the visit is called off afterwards.
 */
import { PickupBooked } from '@rebound/contracts';

export type BookingDecision = { readonly plan: true } | { readonly plan: false; readonly why: string };

interface PickupMemory {
  readonly attempt: number;
  readonly cancelled: boolean;
  readonly collected: boolean;
}

export class BookingLedger {
  private readonly pickups = new Map<string, PickupMemory>();

  book(booking: Pick<PickupBooked, 'pickupId' | 'attempt'>): BookingDecision {
    const known = this.pickups.get(booking.pickupId);
    if (known?.cancelled) return { plan: false, why: 'its booking was cancelled' };
    // Bookings are delivered at least once: a redelivered one must not start the attempt again.
    if (known && known.attempt >= booking.attempt) {
      return { plan: false, why: `attempt ${known.attempt} was already booked` };
    }
    this.pickups.set(booking.pickupId, { attempt: booking.attempt, cancelled: false, collected: false });
    return { plan: true };
  }

  /** The parcel of this attempt is in the partner's hands (its `picked_up` went out). */
  collected(pickupId: string, attempt: number): void {
    const known = this.pickups.get(pickupId);
    if (known && known.attempt === attempt) this.pickups.set(pickupId, { ...known, collected: true });
  }

  /**
   * Remembered even for a pickup never booked here, so a booking read after its cancellation stays
   * unplanned. False when the parcel is already collected: it is delivered all the same.
   */
  cancel(pickupId: string): boolean {
    const known = this.pickups.get(pickupId);
    if (known?.collected) return false;
    this.pickups.set(pickupId, { attempt: known?.attempt ?? 0, cancelled: true, collected: false });
    return true;
  }

  /** Whether events of this attempt may still be sent. */
  isCurrent(pickupId: string, attempt: number): boolean {
    const known = this.pickups.get(pickupId);
    return known !== undefined && !known.cancelled && known.attempt === attempt;
  }
}
