/**
 * What the simulator remembers of each pickup it was given: the latest booked attempt and whether it
 * was cancelled. It decides whether a booking gets a plan, and whether a planned event may still go
 * out — a cancelled booking, or an attempt a rebooking replaced, gets nothing more.
 */
import { PickupBooked } from '@rebound/contracts';

export type BookingDecision = { readonly plan: true } | { readonly plan: false; readonly why: string };

interface PickupMemory {
  readonly attempt: number;
  readonly cancelled: boolean;
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
    this.pickups.set(booking.pickupId, { attempt: booking.attempt, cancelled: false });
    return { plan: true };
  }

  /** Remembered even for a pickup never booked here, so a booking read after its cancellation stays unplanned. */
  cancel(pickupId: string): void {
    this.pickups.set(pickupId, { attempt: this.pickups.get(pickupId)?.attempt ?? 0, cancelled: true });
  }

  /** Whether events of this attempt may still be sent. */
  isCurrent(pickupId: string, attempt: number): boolean {
    const known = this.pickups.get(pickupId);
    return known !== undefined && !known.cancelled && known.attempt === attempt;
  }
}
