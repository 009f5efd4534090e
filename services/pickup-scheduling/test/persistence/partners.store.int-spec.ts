/** PgPartnersStore on real Postgres: registering, ranking, changing partners and rotating their sealed secrets. */
import { partnerWithTerms } from '../../src/domain/partner';
import { PgPartnersStore } from '../../src/persistence/pg-partners.store';
import { berlinTerms } from '../fakes/in-memory-pickups';
import { usePickupsSchema } from './pickups-schema';

jest.setTimeout(30_000);

const ADMIN = { subject: 'admin-1', clientId: 'console' };
const T0 = new Date('2030-01-01T09:00:00Z');
const HOUR_MS = 3600_000;

describe('PgPartnersStore', () => {
  const dataSource = usePickupsSchema('pickups_partners_store');
  const store = () => new PgPartnersStore(dataSource().manager);

  it('registers a partner once, recording who did, and refuses the same id a second time', async () => {
    const partner = partnerWithTerms('p-once', berlinTerms({ oauthClientId: 'p-once-client' }));

    expect(await store().insertPartner(partner, 'sealed-1', T0, ADMIN)).toBe(true);
    expect(await store().insertPartner({ ...partner, name: 'Other' }, 'sealed-2', T0, null)).toBe(false);

    expect(await store().findPartner('p-once')).toEqual({
      ...partner,
      createdAt: T0,
      createdBy: ADMIN,
      updatedAt: T0,
      updatedBy: ADMIN,
    });
    expect(await store().partnerCredentials('p-once')).toEqual({
      oauthClientId: 'p-once-client',
      sealedSecret: 'sealed-1',
      previousSealedSecret: null,
      previousExpiresAt: null,
    });
  });

  it('ranks active partners in the return’s currency first, then cheapest, fastest, by id', async () => {
    const add = (id: string, terms: Parameters<typeof berlinTerms>[0]) =>
      store().insertPartner(partnerWithTerms(id, berlinTerms(terms)), 'sealed', T0, null);
    await add('rank-c', { costPerPickupMinor: 100, currency: 'CHF' });
    await add('rank-b', { costPerPickupMinor: 300, slaHours: 24 });
    await add('rank-a', { costPerPickupMinor: 300, slaHours: 24 });
    await add('rank-d', { costPerPickupMinor: 200, slaHours: 72 });
    await add('rank-off', { costPerPickupMinor: 1, active: false });

    const ranked = (await store().rankedPartners('EUR'))
      .map(({ partnerId }) => partnerId)
      .filter((id) => id.startsWith('rank-'));

    expect(ranked).toEqual(['rank-d', 'rank-a', 'rank-b', 'rank-c']);
    expect((await store().allPartners()).map(({ partnerId }) => partnerId)).toContain('rank-off');
  });

  it('changes a partner’s terms, keeping who registered it, and answers nothing for an unknown one', async () => {
    const partner = partnerWithTerms('p-change', berlinTerms());
    await store().insertPartner(partner, 'sealed', T0, null);
    const later = new Date(T0.getTime() + HOUR_MS);

    const changes = await store().updatePartner({ ...partner, costPerPickupMinor: 999 }, later, ADMIN);

    expect(changes).toEqual({ createdAt: T0, createdBy: null, updatedAt: later, updatedBy: ADMIN });
    expect((await store().findPartner('p-change'))?.costPerPickupMinor).toBe(999);
    expect(await store().updatePartner(partnerWithTerms('p-ghost', berlinTerms()), later, ADMIN)).toBeUndefined();
  });

  it('pages partners by id', async () => {
    for (const id of ['page-1', 'page-2', 'page-3']) {
      await store().insertPartner(partnerWithTerms(id, berlinTerms()), 'sealed', T0, null);
    }
    const after = (await store().listPartners(100, 'page-1')).map(({ partnerId }) => partnerId);
    expect(after.filter((id) => id.startsWith('page-'))).toEqual(['page-2', 'page-3']);
    expect(await store().listPartners(1, 'page-2')).toEqual([expect.objectContaining({ partnerId: 'page-3' })]);
  });

  it('keeps the replaced secret verifying only with an overlap, and only the one replaced last', async () => {
    await store().insertPartner(partnerWithTerms('p-rotate', berlinTerms()), 'sealed-1', T0, null);
    const until = new Date(T0.getTime() + HOUR_MS);

    expect(
      await store().rotateWebhookSecret('p-rotate', 'sealed-2', {
        rotatedAt: T0,
        rotatedBy: ADMIN,
        previousValidUntil: until,
      }),
    ).toBe(true);
    expect(await store().partnerCredentials('p-rotate')).toMatchObject({
      sealedSecret: 'sealed-2',
      previousSealedSecret: 'sealed-1',
      previousExpiresAt: until,
    });
    expect((await store().findPartner('p-rotate'))?.updatedBy).toEqual(ADMIN);

    await store().rotateWebhookSecret('p-rotate', 'sealed-3', {
      rotatedAt: T0,
      rotatedBy: ADMIN,
      previousValidUntil: null,
    });
    expect(await store().partnerCredentials('p-rotate')).toMatchObject({
      sealedSecret: 'sealed-3',
      previousSealedSecret: null,
      previousExpiresAt: null,
    });
    expect(
      await store().rotateWebhookSecret('p-ghost', 'x', { rotatedAt: T0, rotatedBy: ADMIN, previousValidUntil: null }),
    ).toBe(false);
  });
});
