/**
 * Where a restarted simulator learns which of its partner's pickups are still under way: pickup-
 * scheduling's REST API, the record of what the partner has reported so far. A real partner keeps
 * its parcels in its own system; the simulator keeps them in memory, lost with the process, so it
 * asks Rebound — as the support tool (`rebound-support`, `pickups:read`), the least a reader of
 * pickups may be.
 */
import type { ReturnMethod } from '@rebound/contracts';
import { JsonCall } from '../platform/call-json';
import { UNFINISHED_PICKUP_STATES } from './tracking-plan';

export interface PickupInFlight {
  readonly pickupId: string;
  readonly returnId: string;
  readonly method: ReturnMethod;
  /** The attempt booked last. */
  readonly attempt: number;
  /** pickup-scheduling's state of it: what the partner reported so far. */
  readonly state: string;
  readonly destinationWarehouseId: string;
}

/** The pickups of `partnerId` that still expect tracking events. */
export type PickupsInFlight = (partnerId: string) => Promise<PickupInFlight[]>;

interface PickupPage {
  readonly items: readonly { readonly pickupId: string }[];
  readonly nextCursor: string | null;
}

type PickupDetail = Omit<PickupInFlight, 'destinationWarehouseId'> & {
  readonly partnerId: string | null;
  readonly destinationWarehouseId: string | null;
};

/** pickup-scheduling at `baseUrl`, called with `call` (a JSON call carrying a `pickups:read` token). */
export function pickupSchedulingInFlight(baseUrl: string, call: JsonCall): PickupsInFlight {
  const root = baseUrl.replace(/\/+$/, '');
  return async (partnerId) => {
    const found: PickupInFlight[] = [];
    for (const state of UNFINISHED_PICKUP_STATES) {
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ partnerId, state, limit: '100', ...(cursor && { cursor }) });
        const page: PickupPage = await call<PickupPage>('GET', `${root}/v1/pickups?${query}`);
        for (const { pickupId } of page.items) {
          // The list leaves out the destination; the pickup itself has it.
          const pickup = await call<PickupDetail>('GET', `${root}/v1/pickups/${encodeURIComponent(pickupId)}`);
          // It may have moved on since the page was read.
          if (pickup.partnerId !== partnerId || !UNFINISHED_PICKUP_STATES.includes(pickup.state)) continue;
          if (!pickup.destinationWarehouseId) continue; // never booked with a partner
          found.push({
            pickupId: pickup.pickupId,
            returnId: pickup.returnId,
            method: pickup.method,
            attempt: pickup.attempt,
            state: pickup.state,
            destinationWarehouseId: pickup.destinationWarehouseId,
          });
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    return found;
  };
}
