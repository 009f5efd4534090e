import { verifyingSecrets } from '../../partner';
import { MARKING_SEALER, givenPartner, inMemoryPickups } from '../../../../test/fakes/in-memory-pickups';
import { RotatePartnerSecret } from './rotate-partner-secret';
import { RotatePartnerSecretCommand } from './rotate-partner-secret.command';

const ADMIN = { subject: 'admin-3', clientId: 'console' };
const DAY_MS = 24 * 60 * 60 * 1000;

describe('RotatePartnerSecret', () => {
  const setUp = async () => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-berlin');
    return { world, rotate: new RotatePartnerSecret(world.clock, MARKING_SEALER) };
  };
  const secretsNow = async (world: Awaited<ReturnType<typeof setUp>>['world']) =>
    verifyingSecrets((await world.partners.partnerCredentials('p-berlin'))!, world.clock.now()).map((sealed) =>
      MARKING_SEALER.open('p-berlin', sealed),
    );

  it('gives a new secret and lets the one it replaces verify for a day unless told otherwise', async () => {
    const { world, rotate } = await setUp();

    const rotated = await rotate.execute(world.tx, RotatePartnerSecretCommand.of('p-berlin', undefined, ADMIN));

    expect(rotated).toMatchObject({ partnerId: 'p-berlin', rotatedBy: ADMIN, rotatedAt: world.clock.now() });
    expect(rotated.previousValidUntil).toEqual(new Date(world.clock.now().getTime() + DAY_MS));
    expect(await secretsNow(world)).toEqual([rotated.webhookSecret, 'seeded-secret']);
    world.clock.advance(DAY_MS);
    expect(await secretsNow(world)).toEqual([rotated.webhookSecret]);
  });

  it('stops the replaced secret at once when no overlap is asked for', async () => {
    const { world, rotate } = await setUp();
    const rotated = await rotate.execute(world.tx, RotatePartnerSecretCommand.of('p-berlin', 0, ADMIN));
    expect(rotated.previousValidUntil).toBeNull();
    expect(await secretsNow(world)).toEqual([rotated.webhookSecret]);
  });

  it('keeps at most two secrets verifying: a second rotation drops the oldest', async () => {
    const { world, rotate } = await setUp();
    const first = await rotate.execute(world.tx, RotatePartnerSecretCommand.of('p-berlin', 3600, ADMIN));
    const second = await rotate.execute(world.tx, RotatePartnerSecretCommand.of('p-berlin', 3600, ADMIN));
    expect(await secretsNow(world)).toEqual([second.webhookSecret, first.webhookSecret]);
  });

  it('answers partner-not-found for a partner nobody registered, or a text that cannot be a partner id', async () => {
    const { world, rotate } = await setUp();
    for (const partnerId of ['p-ghost', 'p\u0000bad']) {
      await expect(
        rotate.execute(world.tx, RotatePartnerSecretCommand.of(partnerId, undefined, ADMIN)),
      ).rejects.toMatchObject({ kind: 'not-found', code: 'partner-not-found' });
    }
  });

  it('refuses an overlap that is negative or longer than a week', () => {
    for (const seconds of [-1, 7 * 24 * 3600 + 1]) {
      expect(() => RotatePartnerSecretCommand.of('p-berlin', seconds, ADMIN)).toThrow(
        expect.objectContaining({
          kind: 'invalid',
          problems: [expect.objectContaining({ field: 'previousValidForSeconds' })],
        }),
      );
    }
  });
});
