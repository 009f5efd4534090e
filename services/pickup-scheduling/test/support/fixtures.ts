/** Partners and approved returns for tests: valid by default, with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import type { ReturnApproved, ReturnCancelled } from '@rebound/contracts';
import type { PickupsWorld } from './pickups-world';

export interface PartnerTerms {
  partnerId: string;
  name: string;
  serviceAreas: { country: string; postalPrefixes: string[] }[];
  capabilities: string[];
  slotWindows: { start: string; end: string; capacity: number }[];
  costPerPickupMinor: number;
  currency: string;
  slaHours: number;
  destinationWarehouseId: string;
  active?: boolean;
  oauthClientId?: string;
  /** Only a seed file may give one (PARTNERS_SEED_FILE): the API generates them. */
  webhookSecret?: string;
}

/** A partner serving Berlin (postal codes 10…) with every method, two windows a day of 5 pickups. */
export function partnerTerms(overrides: Partial<PartnerTerms> = {}): PartnerTerms {
  return {
    partnerId: `p-${randomUUID().slice(0, 8)}`,
    name: 'Test Logistics',
    serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
    capabilities: ['carrier_pickup', 'curbside_pickup', 'in_store_dropoff', 'mail_back'],
    slotWindows: [
      { start: '08:00', end: '12:00', capacity: 5 },
      { start: '12:00', end: '16:00', capacity: 5 },
    ],
    costPerPickupMinor: 500,
    currency: 'EUR',
    slaHours: 48,
    destinationWarehouseId: 'wh-berlin',
    ...overrides,
  };
}

export interface RegisteredPartner {
  readonly partnerId: string;
  readonly webhookSecret: string;
}

/** Registers the partner over REST and starts reading its bookings topic. */
export async function registerPartner(world: PickupsWorld, terms: PartnerTerms): Promise<RegisteredPartner> {
  const answer = await world.http('POST', '/v1/partners', terms);
  if (answer.status !== 201) throw new Error(`registering ${terms.partnerId} failed: ${JSON.stringify(answer.body)}`);
  await world.watchBookings(terms.partnerId);
  return { partnerId: terms.partnerId, webhookSecret: answer.body.webhookSecret };
}

/**
 * Approved for carrier pickup at a Berlin address, any time from tomorrow 00:00 to the day after's
 * end; two units of a jacket.
 */
export {
  approvedLine,
  approvedReturnEvent as approvedReturn,
  mailBackReturnEvent as mailBackReturn,
  midnightIn,
} from '@rebound/testing';

export function cancelledReturn(approved: ReturnApproved): ReturnCancelled {
  return {
    returnId: approved.returnId,
    orderId: approved.orderId,
    cancelledBy: approved.customerId,
    cancelledAt: new Date().toISOString(),
  } as ReturnCancelled;
}

export function tracking(pickupId: string, status: string, extra: Record<string, unknown> = {}) {
  return { pickupId, status, occurredAt: new Date().toISOString(), ...extra };
}
