/** A 3PL partner as pickup-scheduling books it: where it collects, how, when, at what cost and speed. */
import type { ReturnMethod } from '@rebound/contracts';

export interface ServiceArea {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Postal codes served start with one of these; empty: the whole country. */
  readonly postalPrefixes: readonly string[];
}

/** A daily pickup window (UTC, `HH:MM`) and how many pickups the partner takes in it each day. */
export interface SlotWindow {
  readonly start: string;
  readonly end: string;
  readonly capacity: number;
}

export interface Partner {
  readonly partnerId: string;
  readonly name: string;
  readonly active: boolean;
  readonly serviceAreas: readonly ServiceArea[];
  /** The return methods it offers: home (carrier) pickup, curbside pickup, drop-off points, mail-back labels. */
  readonly capabilities: readonly ReturnMethod[];
  readonly slotWindows: readonly SlotWindow[];
  readonly costPerPickupMinor: number;
  readonly currency: string;
  /** Hours from collection to delivery at the warehouse it promises. */
  readonly slaHours: number;
  /** Where the partner brings the parcels it collects for Rebound. */
  readonly destinationWarehouseId: string;
  /** Shared secret of the partner's signed webhooks. */
  readonly webhookSecret: string;
}

/** Whether the partner collects at this place; without a postal code (labels), the country is enough. */
export function covers(partner: Partner, country: string, postalCode?: string): boolean {
  const normalized = postalCode?.replace(/\s+/g, '').toUpperCase();
  return partner.serviceAreas.some(
    (area) =>
      area.country === country &&
      (area.postalPrefixes.length === 0 ||
        normalized === undefined ||
        area.postalPrefixes.some((prefix) => normalized.startsWith(prefix.replace(/\s+/g, '').toUpperCase()))),
  );
}
