/**
 * How much of a registered partner's slot capacity is booked: the slots in the span that have
 * bookings, by start. Slots nobody booked are not stored, so they are not reported; a partner that
 * does not exist is not-found rather than an empty report, so a typo is not mistaken for a free week.
 */
import type { UseCase } from '@rebound/kernel';
import { isPartnerId, partnerNotFound } from '../../partner';
import type { PickupsTransaction, SlotUsage } from '../../ports';
import type { ReportSlotUsageCommand } from './report-slot-usage.command';

export class ReportSlotUsage implements UseCase<PickupsTransaction, ReportSlotUsageCommand, SlotUsage[]> {
  async execute(tx: PickupsTransaction, { partnerId, from, to }: ReportSlotUsageCommand): Promise<SlotUsage[]> {
    if (!isPartnerId(partnerId) || !(await tx.partners.findPartner(partnerId))) throw partnerNotFound(partnerId);
    return tx.pickups.slotUsage(partnerId, from, to);
  }
}
