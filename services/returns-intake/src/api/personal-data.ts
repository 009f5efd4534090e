/**
 * A pickup's name, street and phone are for those who need them: the customer whose return it is
 * and agents (callers who may review returns). Anyone else reading a return — a storefront's or a
 * reporting system's client token — sees where it is collected (postal code, city, country) and
 * when, not who lives there. The partner booked for the pickup gets the address with its booking
 * (`partners.<id>.bookings.v1`), never through this API.
 */
import type { Caller } from '@rebound/http';

const LOCATION_FIELDS = new Set(['postalCode', 'city', 'country']);

export function seesPersonalData(caller: Caller): boolean {
  // A customer's own token only ever reaches that customer's returns (see ReturnsApiService).
  return caller.customerId !== undefined || caller.permissions.has('returns:review');
}

/**
 * `value` with every `address` object — the pickup's, and those inside timeline details — cut down
 * to its location fields. Only the objects and arrays on the way to an address are copied; the rest
 * of `value` (most of a return) is shared with the result, never changed.
 */
export function withoutPersonalData<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((entry: unknown, index) => {
      const stripped = strip(entry);
      if (stripped !== entry) (copy ??= [...value])[index] = stripped;
    });
    return copy ?? value;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, entry] of Object.entries(value)) {
    const stripped = key === 'address' ? locationOnly(entry) : strip(entry);
    if (stripped !== entry) (copy ??= { ...value })[key] = stripped;
  }
  return copy ?? value;
}

function locationOnly(address: unknown): unknown {
  if (typeof address !== 'object' || address === null) return address;
  return Object.fromEntries(Object.entries(address).filter(([key]) => LOCATION_FIELDS.has(key)));
}
