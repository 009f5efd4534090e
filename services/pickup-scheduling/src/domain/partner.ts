/** A 3PL partner as pickup-scheduling books it: where it collects, how, when, at what cost and speed. */
import type { Actor, ReturnMethod, ServiceArea, SlotWindow } from '@rebound/contracts';

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
  /**
   * The partner's own OAuth client, whose tokens (with `tracking:report`) its webhook calls may carry
   * instead of a signature; null: signed calls only. Its webhook secrets are not part of it: they are
   * kept sealed and read only to check a signature (see PartnerCredentials).
   */
  readonly oauthClientId: string | null;
}

/**
 * When, and by whom, a partner was registered and last changed (its terms, or its webhook secret).
 * The actors are null for partners the seed file registered and for changes made before they were
 * recorded.
 */
export interface PartnerChanges {
  readonly createdAt: Date;
  readonly createdBy: Actor | null;
  readonly updatedAt: Date;
  readonly updatedBy: Actor | null;
}

/** A partner as registered: its terms, and who registered and last changed it. */
export interface RegisteredPartner extends Partner, PartnerChanges {}
