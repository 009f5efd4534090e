/**
 * Books the pickup of an approved return, once. Partners are tried best first (cheapest, then
 * fastest SLA, then by id — so the choice is deterministic); the first one that covers the address,
 * offers the method and, for pickups, has a free slot inside the customer's window gets it. The
 * earliest such slot is taken atomically, so concurrent bookings never overbook it. Why each partner
 * was or was not chosen is stored with the pickup. When nobody can take it, the pickup is abandoned
 * at once, and returns-intake expires the return. A return whose every line the customer keeps has
 * no parcel: nothing is booked, stored or announced for it.
 */
import { formatMinor, type UseCase } from '@rebound/kernel';
import { randomUUID } from 'node:crypto';
import {
  collectionPlace,
  isPickupMethod,
  servesPlace,
  slotsWithin,
  windowToBook,
  withinHorizon,
  type ReturnApproved,
  type Slot,
  type TimeSpan,
} from '@rebound/contracts';
import { announceAbandoned, announceBooked, type AssignedPickup } from '../../announcements';
import { newDropOffCode, newTrackingNumber } from '../../identifiers';
import type { Partner } from '../../partner';
import type { PartnerChoice, Pickup } from '../../pickup';
import type { Clock, PickupsTransaction, SchedulingSettings } from '../../ports';
import type { BookPickupCommand } from './book-pickup.command';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const RULE =
  'the first partner, cheapest then fastest SLA, that covers the address, offers the method and has a free slot in the window';

interface Chosen {
  readonly partner: Partner;
  readonly slot: Slot | null;
}

export class BookPickup implements UseCase<PickupsTransaction, BookPickupCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: SchedulingSettings,
  ) {}

  async execute(tx: PickupsTransaction, { approved, collect }: BookPickupCommand): Promise<void> {
    if (collect.length === 0) return;
    if (await tx.pickups.lockPickupOfReturn(approved.returnId)) return;
    const now = this.clock.now();
    const window = windowToBook(approved);
    const { chosen, choice } = await this.choose(tx, approved, window, now);
    const pickup: Pickup = {
      pickupId: randomUUID(),
      returnId: approved.returnId,
      partnerId: chosen?.partner.partnerId ?? null,
      method: approved.method,
      state: chosen ? (isPickupMethod(approved.method) ? 'scheduled' : 'label_issued') : 'abandoned',
      attempt: 1,
      maxAttempts: approved.maxPickupAttempts,
      window,
      slot: chosen?.slot ? { from: chosen.slot.from, to: chosen.slot.to } : null,
      address: approved.pickup?.address ?? null,
      trackingNumber: chosen ? newTrackingNumber() : null,
      dropOffCode: chosen && approved.method === 'in_store_dropoff' ? newDropOffCode() : null,
      deadline: chosen ? this.deadline(chosen.slot, approved.labelValidityDays, now) : null,
      destinationWarehouseId: chosen?.partner.destinationWarehouseId ?? null,
      lines: collect,
      choice,
      attemptBookedAt: now,
      abandonReason: chosen ? null : 'no_partner_available',
      createdAt: now,
      updatedAt: now,
    };
    await tx.pickups.insertPickup(pickup);
    if (chosen) {
      await announceBooked(tx.events, pickup as AssignedPickup);
    } else {
      await announceAbandoned(tx.events, pickup, 'no_partner_available', describeNoPartner(approved, choice), 0);
    }
  }

  private async choose(
    tx: PickupsTransaction,
    approved: ReturnApproved,
    window: TimeSpan | null,
    now: Date,
  ): Promise<{ chosen: Chosen | null; choice: PartnerChoice }> {
    const place = collectionPlace(approved);
    const considered: { partnerId: string; outcome: string }[] = [];
    let chosen: Chosen | null = null;
    for (const partner of await tx.partners.rankedPartners(approved.currency)) {
      const note = (outcome: string) => considered.push({ partnerId: partner.partnerId, outcome });
      if (chosen) {
        note('not needed: a better-ranked partner took it');
      } else if (!servesPlace(partner.serviceAreas, place)) {
        note(`does not serve ${[place.country, place.postalCode].filter(Boolean).join(' ')}`);
      } else if (!partner.capabilities.includes(approved.method)) {
        note(`does not offer ${approved.method}`);
      } else if (!window) {
        chosen = { partner, slot: null };
        note(`chosen: ${formatCost(partner)}, ${partner.slaHours} h SLA`);
      } else {
        const slot = await reserveEarliest(
          tx,
          partner,
          withinHorizon(window, now, this.settings.bookingHorizonDays),
          now,
        );
        if (slot) {
          chosen = { partner, slot };
          note(`chosen: ${formatCost(partner)}, ${partner.slaHours} h SLA, slot ${slot.from.toISOString()}`);
        } else {
          note('no free slot in the customer’s window');
        }
      }
    }
    return { chosen, choice: { chosen: chosen?.partner.partnerId ?? null, rule: RULE, considered } };
  }

  private deadline(slot: Slot | null, labelValidityDays: number, now: Date): Date {
    return slot
      ? new Date(slot.to.getTime() + this.settings.bookingGraceHours * HOUR_MS)
      : new Date(now.getTime() + labelValidityDays * DAY_MS);
  }
}

/** The earliest slot of the partner inside the span with room left, taken; null when all are full. */
export async function reserveEarliest(
  tx: PickupsTransaction,
  partner: Partner,
  span: TimeSpan,
  notBefore: Date,
): Promise<Slot | null> {
  for (const slot of slotsWithin(partner.slotWindows, span, notBefore)) {
    if (await tx.pickups.reserveSlot(partner.partnerId, slot)) return slot;
  }
  return null;
}

function formatCost(partner: Partner): string {
  return formatMinor(partner.costPerPickupMinor, partner.currency);
}

function describeNoPartner(approved: ReturnApproved, choice: PartnerChoice): string {
  const reasons = choice.considered.map(({ partnerId, outcome }) => `${partnerId}: ${outcome}`).join('; ');
  return `no partner can take a ${approved.method} return${reasons ? ` (${reasons})` : ' (no active partners)'}`;
}
