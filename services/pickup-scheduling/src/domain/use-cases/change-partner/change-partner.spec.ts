import { PartnerCoverageChanged } from '@rebound/contracts';
import { SETTINGS, berlinTerms, givenPartner, inMemoryPickups } from '../../../../test/fakes/in-memory-pickups';
import { ChangePartner } from './change-partner';
import { ChangePartnerCommand } from './change-partner.command';

const ADMIN = { subject: 'admin-2', clientId: 'console' };
const HOUR_MS = 60 * 60 * 1000;

describe('ChangePartner', () => {
  it('replaces the partner’s terms, records who changed them and keeps who registered it', async () => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-berlin');
    world.clock.advance(HOUR_MS);

    const changed = await new ChangePartner(world.clock, SETTINGS).execute(
      world.tx,
      ChangePartnerCommand.of('p-berlin', berlinTerms({ costPerPickupMinor: 750, active: false }), ADMIN),
    );

    expect(changed).toMatchObject({ costPerPickupMinor: 750, active: false, createdBy: null, updatedBy: ADMIN });
    expect(changed.createdAt).toEqual(new Date(0));
    expect(changed.updatedAt).toEqual(world.clock.now());
    expect((await world.partners.findPartner('p-berlin'))?.costPerPickupMinor).toBe(750);
  });

  it('announces the changed coverage', async () => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-berlin');
    const terms = berlinTerms({ serviceAreas: [{ country: 'DE', postalPrefixes: ['10', '12'] }] });

    await new ChangePartner(world.clock, SETTINGS).execute(world.tx, ChangePartnerCommand.of('p-berlin', terms, ADMIN));

    expect(world.events.ofType(PartnerCoverageChanged)).toEqual([
      expect.objectContaining({
        partnerId: 'p-berlin',
        serviceAreas: [{ country: 'DE', postalPrefixes: ['10', '12'] }],
      }),
    ]);
  });

  it('answers partner-not-found for a partner nobody registered', async () => {
    const world = inMemoryPickups();
    const attempt = new ChangePartner(world.clock, SETTINGS).execute(
      world.tx,
      ChangePartnerCommand.of('p-ghost', berlinTerms(), ADMIN),
    );
    await expect(attempt).rejects.toMatchObject({
      kind: 'not-found',
      code: 'partner-not-found',
      title: 'No such partner',
    });
    expect(world.events.published).toEqual([]);
  });
});
