/**
 * A partner's coverage as pickup-scheduling announced it. Which announcement is newer is decided by
 * `changedAt`, so a command without a real instant there cannot exist.
 */
import type { PartnerCoverage, PartnerCoverageChanged } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';

export class RecordPartnerCoverageCommand {
  readonly coverage: PartnerCoverage & { readonly active: boolean; readonly changedAt: Date };

  constructor(announced: PartnerCoverageChanged) {
    const changedAt = new Date(announced.changedAt);
    if (Number.isNaN(changedAt.getTime())) {
      throw DomainError.invalid([{ field: 'changedAt', message: 'must be an instant' }]);
    }
    this.coverage = {
      partnerId: announced.partnerId,
      active: announced.active,
      serviceAreas: announced.serviceAreas,
      capabilities: announced.capabilities,
      slotWindows: announced.slotWindows,
      horizonDays: announced.horizonDays,
      changedAt,
    };
  }
}
