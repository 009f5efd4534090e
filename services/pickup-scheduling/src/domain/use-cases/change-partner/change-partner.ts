/**
 * Replaces a registered partner's terms and announces its new coverage in the same transaction.
 * Bookings already made keep the terms they were made under: only what is booked from now on sees
 * the change. Who changed it is recorded.
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
    const now = this.clock.now();
    const changes = await tx.partners.updatePartner(partner, now, updatedBy);
    if (!changes) throw partnerNotFound(partner.partnerId);
    await announceCoverage(tx.events, partner, this.settings, now);
    return { ...partner, ...changes };
  }
}
