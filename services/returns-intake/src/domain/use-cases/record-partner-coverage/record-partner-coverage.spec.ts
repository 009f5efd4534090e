import type { PartnerCoverageChanged } from '@rebound/contracts';
import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { RecordPartnerCoverage } from './record-partner-coverage';
import { RecordPartnerCoverageCommand } from './record-partner-coverage.command';

function announced(
  changedAt: string,
  capabilities: PartnerCoverageChanged['capabilities'],
  active = true,
): RecordPartnerCoverageCommand {
  return new RecordPartnerCoverageCommand({
    partnerId: 'partner-1',
    active,
    serviceAreas: [{ country: 'DE', postalPrefixes: [] }],
    capabilities,
    slotWindows: [{ start: '08:00', end: '12:00', capacity: 10 }],
    horizonDays: 7,
    changedAt,
  } as PartnerCoverageChanged);
}

describe('RecordPartnerCoverage', () => {
  it('keeps the newest announcement, whatever order they arrive in', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordPartnerCoverage();
    expect(await record.execute(intake.tx, announced('2026-06-02T00:00:00Z', ['mail_back']))).toBe(true);
    expect(await record.execute(intake.tx, announced('2026-06-01T00:00:00Z', ['carrier_pickup']))).toBe(false);
    expect((await intake.coverage.active()).map((coverage) => coverage.capabilities)).toEqual([['mail_back']]);
  });

  it('stops offering a partner that was deactivated', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordPartnerCoverage();
    await record.execute(intake.tx, announced('2026-06-01T00:00:00Z', ['mail_back']));
    await record.execute(intake.tx, announced('2026-06-02T00:00:00Z', ['mail_back'], false));
    expect(await intake.coverage.active()).toEqual([]);
  });

  it('cannot be commanded without an instant to order announcements by', () => {
    expect(() => announced('not a time', ['mail_back'])).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});
