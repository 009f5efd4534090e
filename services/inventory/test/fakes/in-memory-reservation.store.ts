/** ReservationStore in memory for unit tests: every reservation as kept, and why each released one was. */
import type { ReservationReleaseReason } from '@rebound/contracts';
import type { NewReservation, Reservation, ReservationStatus, ReservationStore } from '../../src/domain/ports';

export interface KeptReservation extends Reservation {
  readonly releaseReason: ReservationReleaseReason | null;
  readonly endedAt: Date | null;
}

export class InMemoryReservationStore implements ReservationStore {
  readonly kept: KeptReservation[] = [];

  async lockReservationsOf(returnId: string): Promise<Reservation[]> {
    return this.kept.filter((reservation) => reservation.returnId === returnId);
  }

  async hold(reservation: NewReservation): Promise<Reservation> {
    const held = {
      ...reservation,
      reservationId: String(this.kept.length + 1),
      status: 'held' as const,
      releaseReason: null,
      endedAt: null,
    };
    this.kept.push(held);
    return held;
  }

  async release(reservationId: string, reason: ReservationReleaseReason, at: Date): Promise<void> {
    this.end(reservationId, 'released', reason, at);
  }

  async allocate(reservationId: string, at: Date): Promise<void> {
    this.end(reservationId, 'allocated', null, at);
  }

  private end(
    reservationId: string,
    status: Exclude<ReservationStatus, 'held'>,
    releaseReason: ReservationReleaseReason | null,
    endedAt: Date,
  ): void {
    const index = this.kept.findIndex((r) => r.reservationId === reservationId && r.status === 'held');
    if (index >= 0) this.kept[index] = { ...this.kept[index], status, releaseReason, endedAt };
  }
}
