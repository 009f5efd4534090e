/**
 * A PickupsTransaction in memory for use-case unit tests: the three store fakes, a RecordingEventSink,
 * a clock frozen at `now`, the service's scheduling settings, a sealer that only marks secrets, and
 * partners registered straight in the store.
 */
import { RecordingEventSink, TestClock } from '@rebound/kernel/testing';
import { partnerWithTerms, type Partner, type PartnerTerms } from '../../src/domain/partner';
import type { PickupsTransaction, SchedulingSettings, SecretSealer } from '../../src/domain/ports';
import { InMemoryPartnersStore } from './in-memory-partners.store';
import { InMemoryPickupsStore } from './in-memory-pickups.store';
import { InMemoryTrackingStore } from './in-memory-tracking.store';

export const SETTINGS: SchedulingSettings = { bookingGraceHours: 24, bookingHorizonDays: 60, rebookHorizonDays: 14 };

/** Seals visibly (`sealed:<partner>:<secret>`), so a test can see what was stored and for whom. */
export const MARKING_SEALER: SecretSealer = {
  seal: (partnerId, secret) => `sealed:${partnerId}:${secret}`,
  open: (partnerId, sealed) => sealed.slice(`sealed:${partnerId}:`.length),
};

export interface InMemoryPickups {
  readonly tx: PickupsTransaction;
  readonly partners: InMemoryPartnersStore;
  readonly pickups: InMemoryPickupsStore;
  readonly tracking: InMemoryTrackingStore;
  readonly events: RecordingEventSink;
  readonly clock: TestClock;
}

export function inMemoryPickups(now = new Date()): InMemoryPickups {
  const partners = new InMemoryPartnersStore();
  const pickups = new InMemoryPickupsStore();
  const tracking = new InMemoryTrackingStore();
  const events = new RecordingEventSink();
  return {
    tx: { partners, pickups, tracking, events },
    partners,
    pickups,
    tracking,
    events,
    clock: new TestClock(now),
  };
}

/** A partner serving Berlin (postal codes 10…) with every method, two windows a day of 5 pickups, 5 EUR. */
export function berlinTerms(overrides: Partial<PartnerTerms> = {}): PartnerTerms {
  return {
    name: 'Test Logistics',
    serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
    capabilities: ['carrier_pickup', 'curbside_pickup', 'in_store_dropoff', 'mail_back'],
    slotWindows: [
      { start: '08:00', end: '12:00', capacity: 5 },
      { start: '12:00', end: '16:00', capacity: 5 },
    ],
    costPerPickupMinor: 500,
    currency: 'EUR',
    slaHours: 48,
    destinationWarehouseId: 'wh-berlin',
    ...overrides,
  };
}

/** Registers the partner straight in the fake store, as if long ago by the seed file. */
export async function givenPartner(
  world: InMemoryPickups,
  partnerId: string,
  overrides: Partial<PartnerTerms> = {},
): Promise<Partner> {
  const partner = partnerWithTerms(partnerId, berlinTerms(overrides));
  await world.partners.insertPartner(partner, MARKING_SEALER.seal(partnerId, 'seeded-secret'), new Date(0), null);
  return partner;
}

/** The one ReturnApproved fixture the consuming services share, for the use cases that book from it. */
export { approvedLine, approvedReturnEvent, mailBackReturnEvent, midnightIn } from '@rebound/testing';
