import type { PartnerCoverage } from '@rebound/contracts';
import { intakeDatabase, type IntakeDatabase } from '../support/intake-database';

function coverage(partnerId: string, changedAt: string, active = true) {
  const terms: PartnerCoverage = {
    partnerId,
    serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
    capabilities: ['carrier_pickup'],
    slotWindows: [{ start: '08:00', end: '12:00', capacity: 5 }],
    horizonDays: 7,
  };
  return { ...terms, active, changedAt: new Date(changedAt) };
}

describe('PgPartnerCoverageStore', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_coverage_store');
  }, 60_000);
  afterAll(() => db?.close());

  it('keeps a newer announcement over a late older one, and lists only active partners', async () => {
    const saved = await db.transactions.run(async (tx) => [
      await tx.coverage.save(coverage('partner-a', '2026-06-02T00:00:00Z')),
      await tx.coverage.save({ ...coverage('partner-a', '2026-06-01T00:00:00Z'), capabilities: ['mail_back'] }),
      await tx.coverage.save(coverage('partner-b', '2026-06-01T00:00:00Z', false)),
    ]);
    expect(saved).toEqual([true, false, true]);
    const active = await db.transactions.run((tx) => tx.coverage.active());
    expect(active).toEqual([
      {
        partnerId: 'partner-a',
        serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
        capabilities: ['carrier_pickup'],
        slotWindows: [{ start: '08:00', end: '12:00', capacity: 5 }],
        horizonDays: 7,
      },
    ]);
  });
});
