/**
 * The PickupsStore port on Postgres, bound to one transaction's EntityManager, plus the reads the
 * API serves. Plain SQL: every statement is visible here, including the conditional update the
 * no-overbooking guarantee rests on.
 */
import { EntityManager } from 'typeorm';
import type {
  Actor,
  Address,
  ParcelLine,
  PickupAbandonReason,
  ReturnMethod,
  ServiceArea,
  Slot,
  SlotWindow,
  TrackingStatus,
} from '@rebound/contracts';
import type { Partner, PartnerChanges, RegisteredPartner } from '../domain/partner';
import type { PartnerChoice, Pickup, PickupState } from '../domain/pickup';
import type { PickupsStore, RejectedTracking, TrackingChannel, TrackingEntry } from '../domain/ports';

type Row = Record<string, unknown>;

export interface TrackingHistoryEntry {
  readonly eventId: string;
  readonly status: TrackingStatus;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly channel: TrackingChannel;
  readonly outcome: 'applied' | 'ignored';
  readonly note: string | null;
  readonly details: Record<string, unknown>;
}

export interface RejectedEntry extends Omit<RejectedTracking, 'payload'> {
  readonly rejectionId: string;
  readonly payload: Record<string, unknown>;
}

/** What a partner's webhook call is checked against; the secrets as sealed (secret-cipher.ts). */
export interface PartnerCredentials {
  readonly oauthClientId: string | null;
  readonly sealedSecret: string;
  /** The secret before the last rotation, verifying until `previousExpiresAt`; null when none does. */
  readonly previousSealedSecret: string | null;
  readonly previousExpiresAt: Date | null;
}

export interface SecretRotation {
  readonly rotatedAt: Date;
  readonly rotatedBy: Actor;
  /** Null when the previous secret stopped verifying at once. */
  readonly previousValidUntil: Date | null;
}

export interface SlotUsage {
  readonly from: Date;
  readonly to: Date;
  readonly capacity: number;
  readonly booked: number;
}

// Partners priced in the return's currency first: only their costs compare with each other.
const PARTNER_ORDER = '(currency = $1) DESC, cost_per_pickup_minor, sla_hours, partner_id';

export class PgPickupsStore implements PickupsStore {
  constructor(private readonly manager: EntityManager) {}

  async rankedPartners(currency?: string): Promise<Partner[]> {
    const rows: Row[] = await this.manager.query(`SELECT * FROM partners WHERE active ORDER BY ${PARTNER_ORDER}`, [
      currency ?? null,
    ]);
    return rows.map(toPartner);
  }

  async allPartners(): Promise<Partner[]> {
    const rows: Row[] = await this.manager.query('SELECT * FROM partners ORDER BY partner_id');
    return rows.map(toPartner);
  }

  async findPartner(partnerId: string): Promise<RegisteredPartner | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM partners WHERE partner_id = $1', [partnerId]);
    return rows[0] && toRegisteredPartner(rows[0]);
  }

  /** By id; `after` is the last id of the previous page. */
  async listPartners(limit: number, after?: string): Promise<RegisteredPartner[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM partners WHERE ($1::text IS NULL OR partner_id > $1) ORDER BY partner_id LIMIT $2`,
      [after ?? null, limit],
    );
    return rows.map(toRegisteredPartner);
  }

  async insertPartner(partner: Partner, sealedSecret: string, now: Date, createdBy: Actor | null): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO partners (partner_id, name, active, service_areas, capabilities, slot_windows, cost_per_pickup_minor,
         currency, sla_hours, destination_warehouse_id, oauth_client_id, created_at, updated_at, webhook_secret_sealed,
         created_by, updated_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $12, $13, $14::jsonb, $14::jsonb)
       ON CONFLICT (partner_id) DO NOTHING
       RETURNING partner_id`,
      [...partnerValues(partner), now, sealedSecret, actorJson(createdBy)],
    );
    return rows.length === 1;
  }

  async updatePartner(partner: Partner, now: Date, updatedBy: Actor): Promise<PartnerChanges | undefined> {
    const [rows]: [Row[], number] = await this.manager.query(
      `UPDATE partners SET name = $2, active = $3, service_areas = $4::jsonb, capabilities = $5, slot_windows = $6::jsonb,
         cost_per_pickup_minor = $7, currency = $8, sla_hours = $9, destination_warehouse_id = $10, oauth_client_id = $11,
         updated_at = $12, updated_by = $13::jsonb
       WHERE partner_id = $1
       RETURNING created_at, created_by, updated_at, updated_by`,
      [...partnerValues(partner), now, actorJson(updatedBy)],
    );
    return rows[0] && toChanges(rows[0]);
  }

  async partnerCredentials(partnerId: string): Promise<PartnerCredentials | undefined> {
    const rows: Row[] = await this.manager.query(
      `SELECT oauth_client_id, webhook_secret_sealed, previous_webhook_secret_sealed, previous_webhook_secret_expires_at
         FROM partners WHERE partner_id = $1`,
      [partnerId],
    );
    const row = rows[0];
    return (
      row && {
        oauthClientId: (row['oauth_client_id'] as string | null) ?? null,
        sealedSecret: String(row['webhook_secret_sealed']),
        previousSealedSecret: (row['previous_webhook_secret_sealed'] as string | null) ?? null,
        previousExpiresAt: (row['previous_webhook_secret_expires_at'] as Date | null) ?? null,
      }
    );
  }

  /**
   * The new secret replaces the current one, which keeps verifying until `rotation.previousValidUntil`
   * (not at all when null); a secret from before that is dropped. False when there is no such partner.
   */
  async rotateWebhookSecret(partnerId: string, sealedSecret: string, rotation: SecretRotation): Promise<boolean> {
    const [, affected] = (await this.manager.query(
      `UPDATE partners SET
         previous_webhook_secret_sealed = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE webhook_secret_sealed END,
         previous_webhook_secret_expires_at = $3, webhook_secret_sealed = $2, webhook_secret_rotated_at = $4,
         webhook_secret_rotated_by = $5::jsonb, updated_at = $4, updated_by = $5::jsonb
       WHERE partner_id = $1`,
      [partnerId, sealedSecret, rotation.previousValidUntil, rotation.rotatedAt, actorJson(rotation.rotatedBy)],
    )) as [unknown, number];
    return affected === 1;
  }

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

  async findPickupOfReturn(returnId: string): Promise<Pickup | undefined> {
    return this.onePickup('return_id = $1', [returnId], '');
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
  async listPickups(
    filter: { readonly partnerId?: string; readonly returnId?: string; readonly state?: PickupState },
    limit: number,
    after?: { readonly createdAt: Date; readonly pickupId: string },
  ): Promise<Pickup[]> {
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

  async insertTracking(entry: TrackingEntry): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO tracking_events (partner_id, event_id, pickup_id, status, occurred_at, received_at, channel, outcome,
         note, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (partner_id, event_id) DO NOTHING
       RETURNING event_id`,
      [
        entry.partnerId,
        entry.eventId,
        entry.pickupId,
        entry.status,
        entry.occurredAt,
        entry.receivedAt,
        entry.channel,
        entry.outcome,
        entry.note,
        JSON.stringify(entry.payload),
      ],
    );
    return rows.length === 1;
  }

  /** Every accepted tracking event of a pickup, in the order they happened at the partner. */
  async trackingHistory(pickupId: string): Promise<TrackingHistoryEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM tracking_events WHERE pickup_id = $1 ORDER BY occurred_at, position`,
      [pickupId],
    );
    return rows.map((row) => ({
      eventId: String(row['event_id']),
      status: row['status'] as TrackingStatus,
      occurredAt: row['occurred_at'] as Date,
      receivedAt: row['received_at'] as Date,
      channel: row['channel'] as TrackingChannel,
      outcome: row['outcome'] as 'applied' | 'ignored',
      note: (row['note'] as string | null) ?? null,
      details: row['payload'] as Record<string, unknown>,
    }));
  }

  async insertRejected(entry: RejectedTracking): Promise<void> {
    await this.manager.query(
      `INSERT INTO rejected_tracking_events (partner_id, event_id, pickup_id, channel, reason, detail, payload, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [
        entry.partnerId,
        entry.eventId,
        entry.pickupId,
        entry.channel,
        entry.reason,
        entry.detail,
        JSON.stringify(entry.payload),
        entry.receivedAt,
      ],
    );
  }

  /** Events refused from a partner, oldest first; `after` is the last rejection id of the previous page. */
  async rejectedEvents(partnerId: string, limit: number, after?: string): Promise<RejectedEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM rejected_tracking_events WHERE partner_id = $1 AND ($2::bigint IS NULL OR rejection_id > $2)
        ORDER BY rejection_id LIMIT $3`,
      [partnerId, after ?? null, limit],
    );
    return rows.map((row) => ({
      rejectionId: String(row['rejection_id']),
      partnerId: String(row['partner_id']),
      eventId: String(row['event_id']),
      pickupId: String(row['pickup_id']),
      channel: row['channel'] as TrackingChannel,
      reason: row['reason'] as RejectedTracking['reason'],
      detail: String(row['detail']),
      payload: row['payload'] as Record<string, unknown>,
      receivedAt: row['received_at'] as Date,
    }));
  }

  private async onePickup(where: string, params: unknown[], lock: string): Promise<Pickup | undefined> {
    const rows: Row[] = await this.manager.query(`SELECT * FROM pickups WHERE ${where} ${lock}`, params);
    return rows[0] && toPickup(rows[0]);
  }
}

function partnerValues(partner: Partner): unknown[] {
  return [
    partner.partnerId,
    partner.name,
    partner.active,
    JSON.stringify(partner.serviceAreas),
    partner.capabilities,
    JSON.stringify(partner.slotWindows),
    partner.costPerPickupMinor,
    partner.currency,
    partner.slaHours,
    partner.destinationWarehouseId,
    partner.oauthClientId,
  ];
}

function toPartner(row: Row): Partner {
  return {
    partnerId: String(row['partner_id']),
    name: String(row['name']),
    active: Boolean(row['active']),
    serviceAreas: row['service_areas'] as ServiceArea[],
    capabilities: row['capabilities'] as ReturnMethod[],
    slotWindows: row['slot_windows'] as SlotWindow[],
    costPerPickupMinor: Number(row['cost_per_pickup_minor']),
    currency: String(row['currency']),
    slaHours: Number(row['sla_hours']),
    destinationWarehouseId: String(row['destination_warehouse_id']),
    oauthClientId: (row['oauth_client_id'] as string | null) ?? null,
  };
}

function toRegisteredPartner(row: Row): RegisteredPartner {
  return { ...toPartner(row), ...toChanges(row) };
}

function toChanges(row: Row): PartnerChanges {
  return {
    createdAt: row['created_at'] as Date,
    createdBy: (row['created_by'] as Actor | null) ?? null,
    updatedAt: row['updated_at'] as Date,
    updatedBy: (row['updated_by'] as Actor | null) ?? null,
  };
}

/** The actor as its jsonb column keeps it: subject and client, nothing more of what was passed. */
function actorJson(actor: Actor | null): string | null {
  return actor && JSON.stringify({ subject: actor.subject, clientId: actor.clientId });
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
