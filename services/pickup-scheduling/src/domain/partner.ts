/** A 3PL partner as pickup-scheduling books it: where it collects, how, when, at what cost and speed. */
import type { ReturnMethod, ServiceArea, SlotWindow } from '@rebound/contracts';

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
