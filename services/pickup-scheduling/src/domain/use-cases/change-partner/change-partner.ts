/**
 * Replaces a registered partner's terms and announces its new coverage in the same transaction.
 * Bookings already made keep the terms they were made under: only what is booked from now on sees
 * the change. Who changed it is recorded. A change is timed once the partner is held, so that among
 * the announcements of the partner (this one, another change's, the start-up one) the latest in time
 * carries the terms that were committed last — that is the one returns-intake keeps.
 */
import type { UseCase } from '@rebound/kernel';
import { announceCoverage } from '../../announcements';
import { isPartnerId, partnerNotFound, type RegisteredPartner } from '../../partner';
import type { Clock, PickupsTransaction, SchedulingSettings } from '../../ports';
import type { ChangePartnerCommand } from './change-partner.command';

export class ChangePartner implements UseCase<PickupsTransaction, ChangePartnerCommand, RegisteredPartner> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: SchedulingSettings,
  ) {}

  async execute(tx: PickupsTransaction, { partner, updatedBy }: ChangePartnerCommand): Promise<RegisteredPartner> {
    if (!isPartnerId(partner.partnerId)) throw partnerNotFound(partner.partnerId);
    // Timed once the partner is held: an announcement read before this change is timed before it.
    if (!(await tx.partners.lockPartner(partner.partnerId))) throw partnerNotFound(partner.partnerId);
    const now = this.clock.now();
    const changes = await tx.partners.updatePartner(partner, now, updatedBy);
    if (!changes) throw partnerNotFound(partner.partnerId);
    await announceCoverage(tx.events, partner, this.settings, now);
    return { ...partner, ...changes };
  }
}
