/** The pickups port in memory, for use-case unit tests: pickups by id and the booked units of each slot. */
import type { Slot } from '@rebound/contracts';
import type { Pickup, PickupState } from '../../src/domain/pickup';
import type { PickupFilter, PickupPosition, PickupsStore, SlotUsage } from '../../src/domain/ports';

export class InMemoryPickupsStore implements PickupsStore {
  readonly pickups = new Map<string, Pickup>();
  readonly slots = new Map<string, SlotUsage & { partnerId: string }>();

  async reserveSlot(partnerId: string, slot: Slot): Promise<boolean> {
    const key = slotKey(partnerId, slot.from);
    const booked = this.slots.get(key)?.booked ?? 0;
    if (booked >= slot.capacity) return false;
    this.slots.set(key, { partnerId, from: slot.from, to: slot.to, capacity: slot.capacity, booked: booked + 1 });
    return true;
  }

  async releaseSlot(partnerId: string, slotFrom: Date): Promise<void> {
    const usage = this.slots.get(slotKey(partnerId, slotFrom));
    if (usage && usage.booked > 0) this.slots.set(slotKey(partnerId, slotFrom), { ...usage, booked: usage.booked - 1 });
  }

  async slotUsage(partnerId: string, from: Date, to: Date): Promise<SlotUsage[]> {
    return [...this.slots.values()]
      .filter((slot) => slot.partnerId === partnerId && slot.from >= from && slot.from < to)
      .sort((a, b) => a.from.getTime() - b.from.getTime())
      .map(({ from: start, to: end, capacity, booked }) => ({ from: start, to: end, capacity, booked }));
  }

  /** How many units of the partner's slot starting at `from` are booked. */
  bookedAt(partnerId: string, from: Date): number {
    return this.slots.get(slotKey(partnerId, from))?.booked ?? 0;
  }

  async insertPickup(pickup: Pickup): Promise<void> {
    this.pickups.set(pickup.pickupId, pickup);
  }

  async updatePickup(pickup: Pickup): Promise<void> {
    this.pickups.set(pickup.pickupId, pickup);
  }

  async findPickup(pickupId: string): Promise<Pickup | undefined> {
    return this.pickups.get(pickupId);
  }

  async lockPickup(pickupId: string): Promise<Pickup | undefined> {
    return this.pickups.get(pickupId);
  }

  async lockPickupOfReturn(returnId: string): Promise<Pickup | undefined> {
    return [...this.pickups.values()].find((pickup) => pickup.returnId === returnId);
  }

  async lockOverdue(now: Date, states: readonly PickupState[], limit: number): Promise<Pickup[]> {
    return [...this.pickups.values()]
      .filter((pickup) => states.includes(pickup.state) && pickup.deadline !== null && pickup.deadline < now)
      .sort((a, b) => (a.deadline?.getTime() ?? 0) - (b.deadline?.getTime() ?? 0))
      .slice(0, limit);
  }

  async listPickups(filter: PickupFilter, limit: number, after?: PickupPosition): Promise<Pickup[]> {
    return [...this.pickups.values()]
      .filter(
        (pickup) =>
          (filter.partnerId === undefined || pickup.partnerId === filter.partnerId) &&
          (filter.returnId === undefined || pickup.returnId === filter.returnId) &&
          (filter.state === undefined || pickup.state === filter.state),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.pickupId.localeCompare(a.pickupId))
      .filter(
        (pickup) =>
          !after ||
          pickup.createdAt < after.createdAt ||
          (pickup.createdAt.getTime() === after.createdAt.getTime() && pickup.pickupId < after.pickupId),
      )
      .slice(0, limit);
  }

  /** The one pickup of the return; fails the test when there is none. */
  ofReturn(returnId: string): Pickup {
    const pickup = [...this.pickups.values()].find((candidate) => candidate.returnId === returnId);
    if (!pickup) throw new Error(`no pickup for return ${returnId}`);
    return pickup;
  }
}

function slotKey(partnerId: string, from: Date): string {
  return `${partnerId}@${from.toISOString()}`;
}
