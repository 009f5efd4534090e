/**
 * A partner request → the partner, with the checks a single field's rules cannot make: slot
 * windows must end after they start and not share a start, and a partner that collects parcels
 * needs at least one window to collect in.
 */
import { isPickupMethod } from '@rebound/contracts';
import { InputValidationError } from '@rebound/http';
import type { Partner } from '../domain/partner';
import type { PartnerTermsRequest } from './dto/partner.request';

export function partnerFrom(partnerId: string, terms: PartnerTermsRequest): Partner {
  const problems: { field: string; message: string }[] = [];
  const starts = new Set<string>();
  terms.slotWindows.forEach((window, index) => {
    if (window.end <= window.start) {
      problems.push({ field: `slotWindows[${index}].end`, message: `must be after start (${window.start})` });
    }
    if (starts.has(window.start)) {
      problems.push({ field: `slotWindows[${index}].start`, message: `another window starts at ${window.start}` });
    }
    starts.add(window.start);
  });
  const collecting = terms.capabilities.filter(isPickupMethod);
  if (collecting.length > 0 && terms.slotWindows.length === 0) {
    problems.push({ field: 'slotWindows', message: `are needed to offer ${collecting.join(' and ')}` });
  }
  if (problems.length > 0) throw new InputValidationError(problems);
  return {
    partnerId,
    name: terms.name,
    active: terms.active ?? true,
    serviceAreas: terms.serviceAreas.map(({ country, postalPrefixes }) => ({ country, postalPrefixes })),
    capabilities: terms.capabilities,
    slotWindows: terms.slotWindows.map(({ start, end, capacity }) => ({ start, end, capacity })),
    costPerPickupMinor: terms.costPerPickupMinor,
    currency: terms.currency,
    slaHours: terms.slaHours,
    destinationWarehouseId: terms.destinationWarehouseId,
    oauthClientId: terms.oauthClientId ?? null,
  };
}
