/**
 * Where, how and when a 3PL partner collects, and the rules that say whether a return fits it:
 * pickup-scheduling books by these rules, and returns-intake refuses up front by the same rules
 * (from the PartnerCoverageChanged facts it keeps), so an approved return always has a partner.
 * Slot windows are daily and in UTC; a slot fits when it lies wholly inside the customer's window,
 * has not started yet and starts within the booking horizon.
 */
import { ArrayMaxSize, IsArray, IsInt, Matches, Max, Min } from 'class-validator';
import { describePattern } from '../../validation/field-expectation';
import { COUNTRY_PATTERN, isPickupMethod, type ReturnMethod } from '../vocabulary';

const DAY_MS = 24 * 60 * 60 * 1000;

export const SLOT_START_PATTERN = describePattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM');
export const SLOT_END_PATTERN = describePattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day, HH:MM, or 24:00');

export class ServiceArea {
  /** ISO 3166-1 alpha-2. */
  @Matches(COUNTRY_PATTERN) country!: string;
  /** Postal codes served start with one of these; empty: the whole country. */
  @IsArray() @ArrayMaxSize(500) @Matches(/^[A-Za-z0-9 -]{1,10}$/, { each: true }) postalPrefixes!: string[];
}

/** A daily pickup window (UTC, `HH:MM`) and how many pickups the partner takes in it each day. */
export class SlotWindow {
  @Matches(SLOT_START_PATTERN) start!: string;
  @Matches(SLOT_END_PATTERN) end!: string;
  @IsInt() @Min(0) @Max(10_000) capacity!: number;
}

/** What decides whether a partner can take a return; the rest of its terms do not. */
export interface PartnerCoverage {
  readonly partnerId: string;
  readonly serviceAreas: readonly ServiceArea[];
  /** The return methods it offers. */
  readonly capabilities: readonly ReturnMethod[];
  readonly slotWindows: readonly SlotWindow[];
  /** How many days ahead its slots are booked. */
  readonly horizonDays: number;
}

export interface TimeSpan {
  readonly from: Date;
  readonly to: Date;
}

export interface Slot extends TimeSpan {
  readonly capacity: number;
}

/** Where and how a return is to be collected, as the approval carries it. */
export interface CollectionRequest {
  readonly method: ReturnMethod;
  /** The order's shipping region (`DE`, `US-CA`): the place of a return without a pickup address. */
  readonly shippingRegion: string;
  readonly pickup?: {
    readonly address: { readonly country: string; readonly postalCode: string };
    readonly window: { readonly from: string; readonly to: string };
  } | null;
}

/** The country and postal code a partner must serve; without a pickup address (labels), the country is enough. */
export function collectionPlace(request: CollectionRequest): { country: string; postalCode?: string } {
  return request.pickup
    ? { country: request.pickup.address.country, postalCode: request.pickup.address.postalCode }
    : { country: request.shippingRegion.slice(0, 2) };
}

/** The customer's window to book a slot in; a label needs no visit, so pickup details it carries are not one. */
export function windowToBook(request: CollectionRequest): TimeSpan | null {
  return isPickupMethod(request.method) && request.pickup
    ? { from: new Date(request.pickup.window.from), to: new Date(request.pickup.window.to) }
    : null;
}

function normalizedPostalCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

/** Whether the partner collects at this place. */
export function servesPlace(
  areas: readonly ServiceArea[],
  place: { readonly country: string; readonly postalCode?: string },
): boolean {
  const postalCode = place.postalCode === undefined ? undefined : normalizedPostalCode(place.postalCode);
  return areas.some(
    (area) =>
      area.country === place.country &&
      (area.postalPrefixes.length === 0 ||
        postalCode === undefined ||
        area.postalPrefixes.some((prefix) => postalCode.startsWith(normalizedPostalCode(prefix)))),
  );
}

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

export type CoverageVerdict =
  | { readonly fits: true }
  | { readonly fits: false; readonly reason: 'address-not-served' | 'method-not-served' }
  | {
      readonly fits: false;
      readonly reason: 'window-not-fitting';
      /** The slots nearest to the customer's window that some partner would take, earliest first. */
      readonly suggestions: readonly TimeSpan[];
    };

/**
 * Whether any partner serves the place, offers the method and, for a pickup, has a slot in the
 * customer's window (capacity aside: only pickup-scheduling knows what is booked). When no slot
 * fits, the `suggestionCount` slots nearest to the window are suggested instead.
 */
export function coverageFor(
  partners: readonly PartnerCoverage[],
  request: CollectionRequest,
  now: Date,
  suggestionCount = 3,
): CoverageVerdict {
  const place = collectionPlace(request);
  const serving = partners.filter((partner) => servesPlace(partner.serviceAreas, place));
  if (serving.length === 0) return { fits: false, reason: 'address-not-served' };
  const offering = serving.filter((partner) => partner.capabilities.includes(request.method));
  if (offering.length === 0) return { fits: false, reason: 'method-not-served' };
  const window = windowToBook(request);
  if (!window) return { fits: true };
  const fits = offering.some(
    (partner) => !slotsWithin(partner.slotWindows, withinHorizon(window, now, partner.horizonDays), now).next().done,
  );
  if (fits) return { fits: true };
  return {
    fits: false,
    reason: 'window-not-fitting',
    suggestions: nearestSlots(offering, window, now, suggestionCount),
  };
}

function nearestSlots(partners: readonly PartnerCoverage[], window: TimeSpan, now: Date, count: number): TimeSpan[] {
  const distinct = new Map<string, TimeSpan>();
  for (const partner of partners) {
    const horizon = { from: now, to: new Date(now.getTime() + partner.horizonDays * DAY_MS) };
    for (const { from, to } of slotsWithin(partner.slotWindows, horizon, now)) {
      distinct.set(`${from.toISOString()}/${to.toISOString()}`, { from, to });
    }
  }
  const distance = (slot: TimeSpan) =>
    Math.abs(slot.from.getTime() - window.from.getTime()) + Math.abs(slot.to.getTime() - window.to.getTime());
  return [...distinct.values()]
    .sort((a, b) => distance(a) - distance(b) || a.from.getTime() - b.from.getTime())
    .slice(0, count)
    .sort((a, b) => a.from.getTime() - b.from.getTime() || a.to.getTime() - b.to.getTime());
}
