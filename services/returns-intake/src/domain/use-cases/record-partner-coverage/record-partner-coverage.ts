/**
 * Keeps the partner coverage read model: where, how and when each partner collects, as
 * pickup-scheduling announces it on `pickups.partner.v1`. Returns are refused up front by it (see
 * check-coverage) instead of being approved and then expiring for want of a partner. An
 * announcement older than the one stored changes nothing, so a late or replayed message never
 * brings back terms the partner has since changed.
 */
import type { PartnerCoverageChanged } from '@rebound/contracts';
import type { ReturnsStore } from '../../ports';

export function recordPartnerCoverage(store: ReturnsStore, announced: PartnerCoverageChanged): Promise<boolean> {
  return store.savePartnerCoverage({
    partnerId: announced.partnerId,
    active: announced.active,
    serviceAreas: announced.serviceAreas,
    capabilities: announced.capabilities,
    slotWindows: announced.slotWindows,
    horizonDays: announced.horizonDays,
    changedAt: new Date(announced.changedAt),
  });
}
