/** Replacements held for exchanges on Postgres (the ReservationStore port, bound to one transaction's EntityManager). */
import { EntityManager } from 'typeorm';
import type { ReservationReleaseReason } from '@rebound/contracts';
import type { NewReservation, Reservation, ReservationStatus, ReservationStore } from '../domain/ports';

type Row = Record<string, unknown>;

const COLUMNS = 'reservation_id, return_id, line_id, sku, warehouse_id, quantity, status, reserved_at';

export class PgReservationStore implements ReservationStore {
  constructor(private readonly manager: EntityManager) {}

  async lockReservationsOf(returnId: string): Promise<Reservation[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM reservations WHERE return_id = $1 ORDER BY reservation_id FOR UPDATE`,
      [returnId],
    );
    return rows.map(toReservation);
  }

  async hold(reservation: NewReservation): Promise<Reservation> {
    const [row]: Row[] = await this.manager.query(
      `INSERT INTO reservations (return_id, line_id, sku, warehouse_id, quantity, reserved_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        reservation.returnId,
        reservation.lineId,
        reservation.sku,
        reservation.warehouseId,
        reservation.quantity,
        reservation.reservedAt,
      ],
    );
    return toReservation(row);
  }

  async release(reservationId: string, reason: ReservationReleaseReason, at: Date): Promise<void> {
    await this.end(reservationId, 'released', reason, at);
  }

  async allocate(reservationId: string, at: Date): Promise<void> {
    await this.end(reservationId, 'allocated', null, at);
  }

  private async end(
    reservationId: string,
    status: Exclude<ReservationStatus, 'held'>,
    reason: ReservationReleaseReason | null,
    at: Date,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE reservations SET status = $2, release_reason = $3, ended_at = $4
        WHERE reservation_id = $1 AND status = 'held'`,
      [reservationId, status, reason, at],
    );
  }
}

function toReservation(row: Row): Reservation {
  return {
    reservationId: String(row['reservation_id']),
    returnId: String(row['return_id']),
    lineId: String(row['line_id']),
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    quantity: Number(row['quantity']),
    status: row['status'] as ReservationStatus,
    reservedAt: row['reserved_at'] as Date,
  };
}
