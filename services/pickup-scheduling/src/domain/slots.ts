/**
 * The concrete slots a partner's daily windows give, day by day. Windows are in UTC; a slot is
 * bookable when it lies wholly inside the span asked for and has not started yet.
 */
import type { SlotWindow } from './partner';

export interface Slot {
  readonly from: Date;
  readonly to: Date;
  readonly capacity: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Every slot inside [from, to] that starts after `notBefore`, earliest first. */
export function slotsWithin(
  windows: readonly SlotWindow[],
  span: { readonly from: Date; readonly to: Date },
  notBefore: Date,
): Slot[] {
  const slots: Slot[] = [];
  const firstDay = Date.UTC(span.from.getUTCFullYear(), span.from.getUTCMonth(), span.from.getUTCDate());
  for (let day = firstDay; day <= span.to.getTime(); day += DAY_MS) {
    for (const window of windows) {
      const from = new Date(day + minutesOf(window.start) * 60_000);
      const to = new Date(day + minutesOf(window.end) * 60_000);
      if (from >= span.from && to <= span.to && from > notBefore) slots.push({ from, to, capacity: window.capacity });
    }
  }
  return slots.sort((a, b) => a.from.getTime() - b.from.getTime() || a.to.getTime() - b.to.getTime());
}
