/**
 * The concrete slots a partner's daily windows give, day by day. Windows are in UTC; a slot is
 * bookable when it lies wholly inside the span asked for and has not started yet.
 */
import type { SlotWindow } from './partner';
import type { TimeSpan } from './pickup';

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

function startOfUtcDay(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}

/**
 * Every slot with capacity inside the span that starts after `notBefore`, earliest first, made one
 * at a time: a caller that takes the first free one never pays for a long span.
 */
export function* slotsWithin(windows: readonly SlotWindow[], span: TimeSpan, notBefore: Date): Generator<Slot> {
  const daily = windows
    .filter((window) => window.capacity > 0)
    .map((window) => ({ start: minutesOf(window.start), end: minutesOf(window.end), capacity: window.capacity }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  if (daily.length === 0) return;
  const earliest = span.from > notBefore ? span.from : notBefore;
  for (let day = startOfUtcDay(earliest); day <= span.to.getTime(); day += DAY_MS) {
    for (const window of daily) {
      const from = new Date(day + window.start * 60_000);
      const to = new Date(day + window.end * 60_000);
      if (from >= span.from && to <= span.to && from > notBefore) yield { from, to, capacity: window.capacity };
    }
  }
}

/** The span cut to end no later than `days` after `now`: how far ahead anything is booked. */
export function withinHorizon(span: TimeSpan, now: Date, days: number): TimeSpan {
  const horizon = new Date(now.getTime() + days * DAY_MS);
  return { from: span.from, to: span.to < horizon ? span.to : horizon };
}
