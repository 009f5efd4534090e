import { PartnerCoverageChanged } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import {
  MARKING_SEALER,
  SETTINGS,
  berlinTerms,
  givenPartner,
  inMemoryPickups,
} from '../../../../test/fakes/in-memory-pickups';
import { RegisterPartner } from './register-partner';
import { RegisterPartnerCommand } from './register-partner.command';

const ADMIN = { subject: 'admin-1', clientId: 'console' };

describe('RegisterPartner', () => {
  const setUp = () => {
    const world = inMemoryPickups();
    return { world, register: new RegisterPartner(world.clock, SETTINGS, MARKING_SEALER) };
  };

  it('registers the partner with a new webhook secret it answers once and stores only sealed', async () => {
    const { world, register } = setUp();

    const { partner, webhookSecret } = await register.execute(
      world.tx,
      RegisterPartnerCommand.of('p-new', berlinTerms(), ADMIN),
    );

    expect(webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(partner).toMatchObject({ partnerId: 'p-new', active: true, createdBy: ADMIN, updatedBy: ADMIN });
    expect(partner.createdAt).toEqual(world.clock.now());
    expect((await world.partners.partnerCredentials('p-new'))?.sealedSecret).toBe(
      MARKING_SEALER.seal('p-new', webhookSecret),
    );
  });

  it('announces the new partner’s coverage in the same transaction', async () => {
    const { world, register } = setUp();
    await register.execute(world.tx, RegisterPartnerCommand.of('p-new', berlinTerms(), ADMIN));
    expect(world.events.ofType(PartnerCoverageChanged)).toEqual([
      expect.objectContaining({ partnerId: 'p-new', capabilities: berlinTerms().capabilities }),
    ]);
  });

  it('keeps the secret the seed file gives a demo partner', async () => {
    const { world, register } = setUp();
    const seeded = 's'.repeat(40);
    const { webhookSecret } = await register.execute(
      world.tx,
      RegisterPartnerCommand.of('p-demo', berlinTerms(), null, seeded),
    );
    expect(webhookSecret).toBe(seeded);
  });

  it('refuses a partner id that is taken, changing nothing and announcing nothing', async () => {
    const { world, register } = setUp();
    await givenPartner(world, 'p-taken', { name: 'First' });

    const attempt = register.execute(
      world.tx,
      RegisterPartnerCommand.of('p-taken', berlinTerms({ name: 'Second' }), ADMIN),
    );

    await expect(attempt).rejects.toMatchObject({
      kind: 'conflict',
      code: 'partner-exists',
      title: 'Partner already registered',
    });
    expect((await world.partners.findPartner('p-taken'))?.name).toBe('First');
    expect(world.events.published).toEqual([]);
  });

  it('refuses terms whose windows end before they start or share a start, naming every bad field', () => {
    const terms = berlinTerms({
      slotWindows: [
        { start: '12:00', end: '10:00', capacity: 1 },
        { start: '12:00', end: '14:00', capacity: 1 },
      ],
    });
    let refusal: unknown;
    try {
      RegisterPartnerCommand.of('p-bad', terms, ADMIN);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      kind: 'invalid',
      code: 'validation',
      message: 'The request has 2 invalid fields.',
      problems: [
        { field: 'slotWindows[0].end', message: 'must be after start (12:00)' },
        { field: 'slotWindows[1].start', message: 'another window starts at 12:00' },
      ],
    });
  });

  it('refuses a partner that collects parcels without a window to collect in', () => {
    expect(() => RegisterPartnerCommand.of('p-bad', berlinTerms({ slotWindows: [] }), ADMIN)).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'slotWindows' })] }),
    );
  });
});
