/** Partner coverage as pickup-scheduling announced it, on Postgres, bound to one transaction. */
import { EntityManager } from 'typeorm';
import type { PartnerCoverage, ReturnMethod, ServiceArea, SlotWindow } from '@rebound/contracts';
import type { PartnerCoverageStore } from '../domain/ports';
import type { Row } from './pg-sql';

export class PgPartnerCoverageStore implements PartnerCoverageStore {
  constructor(private readonly manager: EntityManager) {}

  async active(): Promise<PartnerCoverage[]> {
    const rows: Row[] = await this.manager.query('SELECT * FROM partner_coverage WHERE active ORDER BY partner_id');
    return rows.map((row) => ({
      partnerId: String(row['partner_id']),
      serviceAreas: row['service_areas'] as ServiceArea[],
      capabilities: row['capabilities'] as ReturnMethod[],
      slotWindows: row['slot_windows'] as SlotWindow[],
      horizonDays: Number(row['horizon_days']),
    }));
  }

  async save(coverage: PartnerCoverage & { readonly active: boolean; readonly changedAt: Date }): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO partner_coverage AS c (partner_id, active, service_areas, capabilities, slot_windows, horizon_days, changed_at)
       VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6, $7)
       ON CONFLICT (partner_id) DO UPDATE SET active = EXCLUDED.active, service_areas = EXCLUDED.service_areas,
         capabilities = EXCLUDED.capabilities, slot_windows = EXCLUDED.slot_windows, horizon_days = EXCLUDED.horizon_days,
         changed_at = EXCLUDED.changed_at, updated_at = now()
         WHERE c.changed_at <= EXCLUDED.changed_at
       RETURNING partner_id`,
      [
        coverage.partnerId,
        coverage.active,
        JSON.stringify(coverage.serviceAreas),
        coverage.capabilities,
        JSON.stringify(coverage.slotWindows),
        coverage.horizonDays,
        coverage.changedAt,
      ],
    );
    return rows.length === 1;
  }
}
