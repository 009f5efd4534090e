/**
 * Tells everyone who books nothing themselves — returns-intake first — where, how and when a partner
 * collects, as PartnerCoverageChanged keyed by partner id on a compacted topic. Announced in the
 * transaction that registers or changes the partner, and for every partner when the service starts,
 * so a reader that starts from nothing learns them all, and the latest value per partner is its
 * coverage. The booking horizon travels along because it decides which windows can be booked.
 */
import { PartnerCoverageChanged } from '@rebound/contracts';
import type { Partner } from '../../partner';
import type { EventSink, PickupsTransaction, SchedulingSettings, TransactionRunner } from '../../ports';

export async function announceCoverage(
  events: EventSink,
  partner: Partner,
  settings: SchedulingSettings,
  now: Date,
): Promise<void> {
  const coverage: PartnerCoverageChanged = {
    partnerId: partner.partnerId,
    active: partner.active,
    serviceAreas: partner.serviceAreas.map(({ country, postalPrefixes }) => ({
      country,
      postalPrefixes: [...postalPrefixes],
    })),
    capabilities: [...partner.capabilities],
    slotWindows: partner.slotWindows.map(({ start, end, capacity }) => ({ start, end, capacity })),
    horizonDays: settings.bookingHorizonDays,
    changedAt: now.toISOString(),
  };
  await events.publish(PartnerCoverageChanged, coverage, partner.partnerId, { time: now });
}

/** Every registered partner's coverage, in one transaction; how many were announced. */
export function announceAllCoverage(
  transactions: TransactionRunner,
  settings: SchedulingSettings,
  now: Date,
): Promise<number> {
  return transactions.run(async (tx: PickupsTransaction) => {
    const partners = await tx.store.allPartners();
    for (const partner of partners) await announceCoverage(tx.events, partner, settings, now);
    return partners.length;
  });
}
