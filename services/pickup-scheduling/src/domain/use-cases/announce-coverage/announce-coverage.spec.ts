import { PartnerCoverageChanged } from '@rebound/contracts';
import { SETTINGS, givenPartner, inMemoryPickups } from '../../../../test/fakes/in-memory-pickups';
import { AnnounceCoverage } from './announce-coverage';

describe('AnnounceCoverage', () => {
  it('announces every registered partner’s coverage, inactive ones too, keyed by partner id', async () => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-a');
    await givenPartner(world, 'p-b', { active: false });

    expect(await new AnnounceCoverage(world.clock, SETTINGS).execute(world.tx)).toBe(2);

    expect(world.events.published.map(({ subject }) => subject)).toEqual(['p-a', 'p-b']);
    expect(world.events.ofType(PartnerCoverageChanged)).toEqual([
      expect.objectContaining({ partnerId: 'p-a', active: true, horizonDays: SETTINGS.bookingHorizonDays }),
      expect.objectContaining({ partnerId: 'p-b', active: false }),
    ]);
  });

  it('announces nothing when no partner is registered', async () => {
    const world = inMemoryPickups();
    expect(await new AnnounceCoverage(world.clock, SETTINGS).execute(world.tx)).toBe(0);
    expect(world.events.published).toEqual([]);
  });
});
