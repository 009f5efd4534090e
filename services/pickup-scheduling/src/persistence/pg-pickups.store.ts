/**
 * The pickups port on Postgres, bound to one transaction's EntityManager: pickups and labels, and the
 * booked capacity of partners' slots. Plain SQL: every statement is visible here, including the
 * conditional update the no-overbooking guarantee rests on.
 */
import { EntityManager } from 'typeorm';
import type { Address, ParcelLine, PickupAbandonReason, ReturnMethod, Slot } from '@rebound/contracts';
import type { PartnerChoice, Pickup, PickupState } from '../domain/pickup';
import type { PickupFilter, PickupPosition, PickupsStore, SlotUsage } from '../domain/ports';

type Row = Record<string, unknown>;

export class PgPickupsStore implements PickupsStore {
  constructor(private readonly manager: EntityManager) {}

  async reserveSlot(partnerId: string, slot: Slot): Promise<boolean> {
    if (slot.capacity < 1) return false;
    // One statement: the row lock it takes makes concurrent bookings of the slot queue, and the
    // WHERE re-checks the count after the wait, so the last unit goes to exactly one of them.
    const rows: Row[] = await this.manager.query(
      `INSERT INTO slot_usage AS s (partner_id, slot_from, slot_to, capacity, booked)
       VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (partner_id, slot_from) DO UPDATE SET booked = s.booked + 1, capacity = EXCLUDED.capacity
         WHERE s.booked < EXCLUDED.capacity
       RETURNING booked`,
      [partnerId, slot.from, slot.to, slot.capacity],
    );
    return rows.length === 1;
  }

  async releaseSlot(partnerId: string, slotFrom: Date): Promise<void> {
    await this.manager.query(
      'UPDATE slot_usage SET booked = booked - 1 WHERE partner_id = $1 AND slot_from = $2 AND booked > 0',
      [partnerId, slotFrom],
    );
  }

  async slotUsage(partnerId: string, from: Date, to: Date): Promise<SlotUsage[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT slot_from, slot_to, capacity, booked FROM slot_usage
        WHERE partner_id = $1 AND slot_from >= $2 AND slot_from < $3 ORDER BY slot_from`,
      [partnerId, from, to],
    );
    return rows.map((row) => ({
      from: row['slot_from'] as Date,
      to: row['slot_to'] as Date,
      capacity: Number(row['capacity']),
      booked: Number(row['booked']),
    }));
  }

  async insertPickup(pickup: Pickup): Promise<void> {
    await this.manager.query(
      `INSERT INTO pickups (pickup_id, return_id, partner_id, method, state, attempt, max_attempts, window_from, window_to,
         slot_from, slot_to, address, tracking_number, drop_off_code, deadline, destination_warehouse_id, lines, choice,
         attempt_booked_at, abandon_reason, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17::jsonb, $18::jsonb,
         $19, $20, $21, $22)`,
      [
        pickup.pickupId,
        pickup.returnId,
        pickup.partnerId,
        pickup.method,
        pickup.state,
        pickup.attempt,
        pickup.maxAttempts,
        pickup.window?.from ?? null,
        pickup.window?.to ?? null,
        pickup.slot?.from ?? null,
        pickup.slot?.to ?? null,
        pickup.address && JSON.stringify(pickup.address),
        pickup.trackingNumber,
        pickup.dropOffCode,
        pickup.deadline,
        pickup.destinationWarehouseId,
        JSON.stringify(pickup.lines),
        JSON.stringify(pickup.choice),
        pickup.attemptBookedAt,
        pickup.abandonReason,
        pickup.createdAt,
        pickup.updatedAt,
      ],
    );
  }

  async updatePickup(pickup: Pickup): Promise<void> {
    await this.manager.query(
      `UPDATE pickups SET state = $2, attempt = $3, slot_from = $4, slot_to = $5, deadline = $6,
         attempt_booked_at = $7, abandon_reason = $8, updated_at = $9
       WHERE pickup_id = $1`,
      [
        pickup.pickupId,
        pickup.state,
        pickup.attempt,
        pickup.slot?.from ?? null,
        pickup.slot?.to ?? null,
        pickup.deadline,
        pickup.attemptBookedAt,
        pickup.abandonReason,
        pickup.updatedAt,
      ],
    );
  }

  async findPickup(pickupId: string): Promise<Pickup | undefined> {
    return this.onePickup('pickup_id = $1', [pickupId], '');
  }

  lockPickup(pickupId: string): Promise<Pickup | undefined> {
    return this.onePickup('pickup_id = $1', [pickupId], 'FOR UPDATE');
  }

  lockPickupOfReturn(returnId: string): Promise<Pickup | undefined> {
    return this.onePickup('return_id = $1', [returnId], 'FOR UPDATE');
  }

  async lockOverdue(now: Date, states: readonly PickupState[], limit: number): Promise<Pickup[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM pickups WHERE state = ANY($1::text[]) AND deadline < $2
        ORDER BY deadline LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [states, now, limit],
    );
    return rows.map(toPickup);
  }

  /** Pickups, newest first; `after` is the last one of the previous page. */
  async listPickups(filter: PickupFilter, limit: number, after?: PickupPosition): Promise<Pickup[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM pickups
        WHERE ($1::text IS NULL OR partner_id = $1) AND ($2::uuid IS NULL OR return_id = $2)
          AND ($3::text IS NULL OR state = $3)
          AND ($4::timestamptz IS NULL OR (created_at, pickup_id) < ($4, $5::uuid))
        ORDER BY created_at DESC, pickup_id DESC LIMIT $6`,
      [
        filter.partnerId ?? null,
        filter.returnId ?? null,
        filter.state ?? null,
        after?.createdAt ?? null,
        after?.pickupId ?? null,
        limit,
      ],
    );
    return rows.map(toPickup);
  }

  private async onePickup(where: string, params: unknown[], lock: string): Promise<Pickup | undefined> {
    const rows: Row[] = await this.manager.query(`SELECT * FROM pickups WHERE ${where} ${lock}`, params);
    return rows[0] && toPickup(rows[0]);
  }
}

function span(from: unknown, to: unknown) {
  return from instanceof Date && to instanceof Date ? { from, to } : null;
}

function toPickup(row: Row): Pickup {
  return {
    pickupId: String(row['pickup_id']),
    returnId: String(row['return_id']),
    partnerId: (row['partner_id'] as string | null) ?? null,
    method: row['method'] as ReturnMethod,
    state: row['state'] as PickupState,
    attempt: Number(row['attempt']),
    maxAttempts: Number(row['max_attempts']),
    window: span(row['window_from'], row['window_to']),
    slot: span(row['slot_from'], row['slot_to']),
    address: (row['address'] as Address | null) ?? null,
    trackingNumber: (row['tracking_number'] as string | null) ?? null,
    dropOffCode: (row['drop_off_code'] as string | null) ?? null,
    deadline: (row['deadline'] as Date | null) ?? null,
    destinationWarehouseId: (row['destination_warehouse_id'] as string | null) ?? null,
    lines: row['lines'] as ParcelLine[],
    choice: row['choice'] as PartnerChoice,
    attemptBookedAt: row['attempt_booked_at'] as Date,
    abandonReason: (row['abandon_reason'] as PickupAbandonReason | null) ?? null,
    createdAt: row['created_at'] as Date,
    updatedAt: row['updated_at'] as Date,
  };
}
