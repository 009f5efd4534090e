/**
 * Looks up what a proposed return is judged against — the order copy, the current policy, units
 * already returned, the customer's history — and applies the policy. Shared by preview (read only)
 * and open (with the order locked, so concurrent returns see each other's units). A return the
 * policy would approve (or send to review) with a method no partner can carry out is refused here,
 * for preview and open alike (check-coverage).
 */
import type { RefundMethod, ReturnMethod } from '@rebound/contracts';
import { IntakeError } from '../../errors';
import { chargesOfLine, type Order } from '../../order';
import type { ReturnsStore } from '../../ports';
import type { ProposedLine, ReturnAssessment, ReturnPolicy } from '../../policy/return-policy';
import { DEFAULT_REFUND_METHOD, type PickupDetails } from '../../return-request';
import { checkCoverage } from '../check-coverage/check-coverage';

export interface ProposedReturn {
  readonly orderId: string;
  readonly lines: readonly ProposedLine[];
  readonly method?: ReturnMethod;
  readonly refundMethod?: RefundMethod;
  readonly pickup?: PickupDetails;
  /** Set when a customer asks with a token of their own: another customer's order is unknown to them. */
  readonly customerId?: string;
}

export interface AssessedReturn {
  readonly order: Order;
  readonly policy: ReturnPolicy;
  readonly assessment: ReturnAssessment;
  /** Everything the policy saw, stored with the decision so it can be explained and replayed. */
  readonly inputs: Record<string, unknown>;
}

export async function assessReturn(
  store: ReturnsStore,
  proposal: ProposedReturn,
  now: Date,
  options: { lockOrder: boolean },
): Promise<AssessedReturn> {
  const order = options.lockOrder ? await store.lockOrder(proposal.orderId) : await store.findOrder(proposal.orderId);
  if (!order || (proposal.customerId !== undefined && order.customerId !== proposal.customerId)) {
    throw new IntakeError('unprocessable', 'unknown-order', `order ${proposal.orderId} is not known to Rebound`, [
      { field: 'orderId', message: `order ${proposal.orderId} is not known to Rebound`, code: 'unknown-order' },
    ]);
  }
  const refundMethod = proposal.refundMethod ?? DEFAULT_REFUND_METHOD;
  if (refundMethod === 'original_payment') requireKnownPayments(order, proposal.lines);
  const policy = await store.currentPolicy();
  if (!policy) throw new IntakeError('unavailable', 'no-policy', 'no return policy has been loaded yet');
  const alreadyReturned = await store.returnedQuantities(order.orderId);
  const customerHistory = await store.customerHistory(order.customerId);
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
    await checkCoverage(store, order, { method, pickup: proposal.pickup }, now);
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
  throw new IntakeError('unprocessable', 'original-payment-unavailable', message, [
    { field: 'refundMethod', message, code: 'original-payment-unavailable' },
  ]);
}
