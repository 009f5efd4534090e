/**
 * Previews a return: looks up what a proposed return is judged against — the order copy, the current
 * policy, units already returned, the customer's history — and applies the policy, changing nothing.
 * `assessReturn` is shared with open-return, which runs it with the order locked so concurrent
 * returns see each other's units. A return the policy would approve (or send to review) with a method
 * no partner can carry out is refused here, for preview and open alike (partner-coverage).
 *
 * The preview also answers, per eligible line, the offers the policy allows, ranked and explained
 * (offers/rank-offers): read from the catalogue read model and the history of past exchanges, which
 * are read models outside the transaction — an offer is a proposal, nothing is held by it.
 */
import { DomainError, type UseCase } from '@rebound/kernel';
import { chargesOfLine, type Order } from '../../order';
import { checkCoverage } from '../../partner-coverage';
import type { CatalogueView } from '../../catalogue';
import type { Offer } from '../../offers/offer';
import { rankOffers } from '../../offers/rank-offers';
import type { Clock, ExchangeHistoryView, IntakeTransaction } from '../../ports';
import type { LineAssessment, ProposedLine, ReturnAssessment, ReturnPolicy } from '../../policy/return-policy';
import { DEFAULT_REFUND_METHOD } from '../../return-request';
import type { ProposedReturn, ProposedReturnInput } from './assess-return.command';

export interface AssessedReturn {
  readonly order: Order;
  readonly policy: ReturnPolicy;
  readonly assessment: ReturnAssessment;
  /** Everything the policy saw, stored with the decision so it can be explained and replayed. */
  readonly inputs: Record<string, unknown>;
}

export interface ReturnPreview {
  readonly assessment: ReturnAssessment;
  /** The offers for each line, in the order of the assessment's lines; none for an ineligible line. */
  readonly offers: readonly (readonly Offer[])[];
}

/** How many other products of a category an exchange for another product is chosen from. */
export const OTHER_PRODUCTS_CONSIDERED = 20;

export class AssessReturn implements UseCase<IntakeTransaction, ProposedReturn, ReturnPreview> {
  constructor(
    private readonly clock: Clock,
    private readonly catalogue: CatalogueView,
    private readonly history: ExchangeHistoryView,
  ) {}

  async execute(tx: IntakeTransaction, proposal: ProposedReturn): Promise<ReturnPreview> {
    const { order, policy, assessment } = await assessReturn(tx, proposal, this.clock.now(), { lockOrder: false });
    const offers = await Promise.all(
      assessment.lines.map((line) => lineOffers(this.catalogue, this.history, line, order, policy)),
    );
    return { assessment, offers };
  }
}

/**
 * The offers for one assessed line, as the preview answers them: none for an ineligible line; other
 * products and history are only asked for when the line's rule allows an exchange. Opening a return
 * checks the customer's choices against the same offers.
 */
export async function lineOffers(
  catalogue: CatalogueView,
  history: ExchangeHistoryView,
  line: LineAssessment,
  order: Order,
  policy: ReturnPolicy,
): Promise<Offer[]> {
  if (!line.eligible || line.sku === null || line.category === null) return [];
  const { sku, category } = line;
  const product = await catalogue.productOfSku(sku);
  const exchanges = policy
    .offerTerms(category, order.loyaltyTier)
    .outcomes.filter((outcome) => outcome === 'exchange_variant' || outcome === 'exchange_product');
  const [otherProducts, ownKept, peers] =
    product && exchanges.length > 0
      ? await Promise.all([
          exchanges.includes('exchange_product')
            ? catalogue.productsInCategory(category, product.productId, OTHER_PRODUCTS_CONSIDERED)
            : [],
          history.keptByCustomer(order.customerId, category),
          history.peersKept(sku, line.reasonCode),
        ])
      : [[], [], { total: 0, kept: [] }];
  return rankOffers({
    line: {
      sku,
      category,
      reasonCode: line.reasonCode,
      unitPriceMinor: line.unitPriceMinor,
      quantity: line.quantity,
      currency: order.currency,
      // The shipping fee is charged per return, not per line: a line is worth its value less its restocking fee.
      refundableMinor: line.valueMinor - line.restockingFeeMinor,
    },
    product,
    otherProducts,
    customer: { tier: order.loyaltyTier },
    policy,
    history: { ownKept, peers },
  });
}

export async function assessReturn(
  tx: IntakeTransaction,
  proposal: ProposedReturnInput,
  now: Date,
  options: { lockOrder: boolean },
): Promise<AssessedReturn> {
  const order = options.lockOrder ? await tx.orders.lock(proposal.orderId) : await tx.orders.find(proposal.orderId);
  if (!order || (proposal.customerId !== undefined && order.customerId !== proposal.customerId)) {
    throw new DomainError('unprocessable', 'unknown-order', `order ${proposal.orderId} is not known to Rebound`, {
      problems: [
        { field: 'orderId', message: `order ${proposal.orderId} is not known to Rebound`, code: 'unknown-order' },
      ],
    });
  }
  const refundMethod = proposal.refundMethod ?? DEFAULT_REFUND_METHOD;
  if (refundMethod === 'original_payment') requireKnownPayments(order, proposal.lines);
  const policy = await tx.policies.current();
  if (!policy) throw new DomainError('unavailable', 'no-policy', 'no return policy has been loaded yet');
  const alreadyReturned = await tx.returns.returnedQuantities(order.orderId);
  const customerHistory = await tx.orders.customerHistory(order.customerId);
  const assessment = policy.assess({
    order,
    lines: proposal.lines,
    method: proposal.method,
    refundMethod,
    hasPickupDetails: proposal.pickup !== undefined,
    alreadyReturned,
    customerHistory,
    now,
  });
  const method = proposal.method;
  if (method && (assessment.outcome === 'approved' || assessment.outcome === 'pending_review')) {
    await checkCoverage(tx.coverage, order, { method, pickup: proposal.pickup }, now);
  }
  const inputs = {
    order,
    request: proposal,
    alreadyReturned: Object.fromEntries(alreadyReturned),
    customerHistory,
    now: now.toISOString(),
  };
  return { order, policy, assessment, inputs };
}

/**
 * A refund to the original payment method is paid against the charges that paid the returned lines;
 * without one (an order copy that did not say how it was paid) only store credit can refund them.
 */
function requireKnownPayments(order: Order, lines: readonly ProposedLine[]): void {
  const unpaid = lines
    .map((line) => line.lineId)
    .filter(
      (lineId) => order.lines.some((line) => line.lineId === lineId) && chargesOfLine(order, lineId).length === 0,
    );
  if (unpaid.length === 0) return;
  const named = [...new Set(unpaid)].map((lineId) => `"${lineId}"`).join(', ');
  const message = `no payment of order ${order.orderId} is known for line(s) ${named}; choose store_credit`;
  throw new DomainError('unprocessable', 'original-payment-unavailable', message, {
    problems: [{ field: 'refundMethod', message, code: 'original-payment-unavailable' }],
  });
}
