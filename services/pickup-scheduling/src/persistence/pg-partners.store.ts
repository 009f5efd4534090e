/**
 * The partners port on Postgres, bound to one transaction's EntityManager: partners' terms, who
 * registered and changed them, and their sealed webhook secrets. Plain SQL, every statement visible.
 */
import { EntityManager } from 'typeorm';
import type { Actor, ReturnMethod, ServiceArea, SlotWindow } from '@rebound/contracts';
import type { Partner, PartnerChanges, RegisteredPartner } from '../domain/partner';
import type { PartnerCredentials, PartnersStore, SecretRotation } from '../domain/ports';

type Row = Record<string, unknown>;

// Partners priced in the return's currency first: only their costs compare with each other.
const PARTNER_ORDER = '(currency = $1) DESC, cost_per_pickup_minor, sla_hours, partner_id';

export class PgPartnersStore implements PartnersStore {
  constructor(private readonly manager: EntityManager) {}

  async rankedPartners(currency?: string): Promise<Partner[]> {
    const rows: Row[] = await this.manager.query(`SELECT * FROM partners WHERE active ORDER BY ${PARTNER_ORDER}`, [
      currency ?? null,
    ]);
    return rows.map(toPartner);
  }

  async allPartners(): Promise<Partner[]> {
    const rows: Row[] = await this.manager.query('SELECT * FROM partners ORDER BY partner_id FOR SHARE');
    return rows.map(toPartner);
  }

  async lockPartner(partnerId: string): Promise<boolean> {
    const rows: Row[] = await this.manager.query('SELECT 1 FROM partners WHERE partner_id = $1 FOR UPDATE', [
      partnerId,
    ]);
    return rows.length === 1;
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
