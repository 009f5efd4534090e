/**
 * A 3PL partner as pickup-scheduling books it: where it collects, how, when, at what cost and speed;
 * the rules its terms must meet whichever way they arrive (API or seed file); and which of its
 * webhook secrets verify at a given moment.
 */
import {
  PARTNER_ID_PATTERN,
  isPickupMethod,
  type Actor,
  type ReturnMethod,
  type ServiceArea,
  type SlotWindow,
} from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { PartnerCredentials } from './ports';

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

/** A partner's terms as given, before the rules across fields are checked: active and OAuth client optional. */
export type PartnerTerms = Omit<Partner, 'partnerId' | 'active' | 'oauthClientId'> &
  Partial<Pick<Partner, 'active' | 'oauthClientId'>>;

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

/** A text that cannot be a partner id (control characters, say) names no partner: no need to ask the database. */
export function isPartnerId(text: string): boolean {
  return PARTNER_ID_PATTERN.test(text);
}

export function partnerNotFound(partnerId: string): DomainError {
  return new DomainError('not-found', 'partner-not-found', `partner ${partnerId} is not registered`, {
    title: 'No such partner',
  });
}

/**
 * The refusal of input with these bad fields, worded as the HTTP edge words its own field checks, so
 * a caller cannot tell which layer found them.
 */
export function invalidFields(problems: readonly FieldProblem[]): DomainError {
  const count = problems.length;
  return DomainError.invalid(problems, `The request has ${count} invalid ${count === 1 ? 'field' : 'fields'}.`);
}

/**
 * The partner with these terms, checked for what a single field's rules cannot see: slot windows must
 * end after they start and not share a start, and a partner that collects parcels needs at least one
 * window to collect in.
 */
export function partnerWithTerms(partnerId: string, terms: PartnerTerms): Partner {
  const problems: FieldProblem[] = [];
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
  if (problems.length > 0) throw invalidFields(problems);
  return {
    partnerId,
    name: terms.name,
    active: terms.active ?? true,
    serviceAreas: terms.serviceAreas.map(({ country, postalPrefixes }) => ({ country, postalPrefixes })),
    capabilities: [...terms.capabilities],
    slotWindows: terms.slotWindows.map(({ start, end, capacity }) => ({ start, end, capacity })),
    costPerPickupMinor: terms.costPerPickupMinor,
    currency: terms.currency,
    slaHours: terms.slaHours,
    destinationWarehouseId: terms.destinationWarehouseId,
    oauthClientId: terms.oauthClientId ?? null,
  };
}

/** The sealed secrets a webhook call may be signed with now, newest first: the previous one only until it expires. */
export function verifyingSecrets(credentials: PartnerCredentials, now: Date): string[] {
  const previous =
    credentials.previousExpiresAt !== null && credentials.previousExpiresAt > now
      ? credentials.previousSealedSecret
      : null;
  return [credentials.sealedSecret, ...(previous === null ? [] : [previous])];
}
