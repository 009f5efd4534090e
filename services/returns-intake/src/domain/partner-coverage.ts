/**
 * Refuses, before anything is approved (opening or reviewing a return), a return no partner can collect: nobody serves the address
 * (or, for a label, the order's country), nobody there offers the method, or no partner's pickup
 * slot lies wholly inside the customer's window within the booking horizon — then the nearest
 * windows that would work are suggested. The rules are pickup-scheduling's own (libs/contracts
 * `coverageFor`), applied to the coverage it announced, so what is approved here can be booked
 * there. Slot capacity is pickup-scheduling's to know: a slot that fills up in between still ends
 * as `no_partner_available`.
 */
import { coverageFor, type ReturnMethod, type TimeSpan } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import type { Order } from './order';
import type { PartnerCoverageStore } from './ports';
import type { PickupDetails } from './return-request';

export interface CoverageQuestion {
  readonly method: ReturnMethod;
  readonly pickup?: PickupDetails;
}

export async function checkCoverage(
  coverage: PartnerCoverageStore,
  order: Order,
  question: CoverageQuestion,
  now: Date,
): Promise<void> {
  const partners = await coverage.active();
  const request = { method: question.method, shippingRegion: order.shippingRegion, pickup: question.pickup };
  const verdict = coverageFor(partners, request, now);
  if (verdict.fits) return;
  const place = question.pickup
    ? `${question.pickup.address.country} ${question.pickup.address.postalCode}`
    : `${order.shippingRegion}, the order's shipping region`;
  switch (verdict.reason) {
    case 'address-not-served': {
      const message = `no partner collects returns in ${place}`;
      throw new DomainError('unprocessable', 'address-not-served', message, {
        problems: [{ field: question.pickup ? 'pickup.address' : 'orderId', message, code: 'address-not-served' }],
      });
    }
    case 'method-not-served': {
      const message = `no partner offers ${question.method} in ${place}`;
      throw new DomainError('unprocessable', 'method-not-served', message, {
        problems: [{ field: 'method', message, code: 'method-not-served' }],
      });
    }
    case 'window-not-fitting': {
      const suggestions = verdict.suggestions.map(isoWindow);
      const nearest = suggestions.map(({ from, to }) => `${from} to ${to}`).join(', ');
      const message =
        `no partner's pickup slot lies wholly inside this window` +
        (nearest ? `. Nearest windows that would work: ${nearest}` : '. No partner has a slot to offer');
      throw new DomainError(
        'unprocessable',
        'window-not-served',
        `a ${question.method} cannot be booked in this window`,
        {
          problems: [{ field: 'pickup.window', message, code: 'window-not-served' }],
          extensions: { suggestedPickupWindows: suggestions },
        },
      );
    }
  }
}

function isoWindow(span: TimeSpan): { from: string; to: string } {
  return { from: span.from.toISOString(), to: span.to.toISOString() };
}
