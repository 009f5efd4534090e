/**
 * Keeps the order read model: the copy of each order that returns are judged against. Fed by
 * `commerce.order.v1` and by `PUT /v1/orders/{id}`. A snapshot may arrive late or twice; delivery is
 * never forgotten once known. Once returns refer to an order, what they were judged on stands: the
 * price, quantity, sku, category and final-sale flag of their lines, the delivery date, the
 * customer's loyalty tier and the currency cannot change under them (each refusal names the field).
 * Its payments must fit its lines: each allocation names a line of the order, a charge is listed
 * once, and no line is allocated more than it cost.
 */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { UseCase } from '@rebound/kernel';
import type { Order } from '../../order';
import type { IntakeTransaction, ReturnsStore } from '../../ports';
import type { RecordOrderCommand } from './record-order.command';

export type RecordOrderResult = 'created' | 'updated';

export class RecordOrder implements UseCase<IntakeTransaction, RecordOrderCommand, RecordOrderResult> {
  async execute(tx: IntakeTransaction, { order: incoming }: RecordOrderCommand): Promise<RecordOrderResult> {
    const existing = await tx.orders.lock(incoming.orderId);
    if (!existing) {
      requirePaymentsFit(incoming);
      await tx.orders.save(incoming);
      return 'created';
    }
    const problems = await conflictsWithReturns(tx.returns, existing, incoming);
    if (problems.length > 0) {
      throw new DomainError(
        'conflict',
        'order-conflicts-with-returns',
        `order ${incoming.orderId} cannot be changed this way: returns already refer to it`,
        { problems: problems },
      );
    }
    requirePaymentsFit(incoming);
    await tx.orders.save({ ...incoming, deliveredAt: incoming.deliveredAt ?? existing.deliveredAt });
    return 'updated';
  }
}

async function conflictsWithReturns(returns: ReturnsStore, existing: Order, incoming: Order): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (existing.customerId !== incoming.customerId) {
    problems.push({ field: 'customerId', message: `order belongs to customer ${existing.customerId}` });
  }
  const referenced = await returns.linesInReturns(existing.orderId);
  if (referenced.size === 0) return problems;
  if (existing.currency !== incoming.currency) {
    problems.push({ field: 'currency', message: `returns were opened in ${existing.currency}` });
  }
  if (existing.loyaltyTier !== incoming.loyaltyTier) {
    problems.push({
      field: 'loyaltyTier',
      message: `returns were judged with loyalty tier ${existing.loyaltyTier ?? '(none)'}; it cannot change`,
    });
  }
  if (
    existing.deliveredAt &&
    incoming.deliveredAt &&
    existing.deliveredAt.getTime() !== incoming.deliveredAt.getTime()
  ) {
    problems.push({
      field: 'deliveredAt',
      message: `returns were judged on delivery at ${existing.deliveredAt.toISOString()}; it cannot change`,
    });
  }
  for (const lineId of referenced) {
    const before = existing.lines.find((line) => line.lineId === lineId);
    if (!before) continue;
    const index = incoming.lines.findIndex((line) => line.lineId === lineId);
    const after = incoming.lines[index];
    if (!after) {
      problems.push({ field: 'lines', message: `line "${lineId}" is part of a return and cannot be removed` });
      continue;
    }
    const field = `lines[${index}]`;
    for (const key of ['sku', 'category', 'unitPriceMinor', 'quantity', 'finalSale'] as const) {
      if (before[key] !== after[key]) {
        problems.push({
          field: `${field}.${key}`,
          message: `line "${lineId}" is part of a return; ${key} cannot change`,
        });
      }
    }
  }
  return problems;
}

function requirePaymentsFit(order: Order): void {
  const problems = paymentProblems(order);
  if (problems.length > 0) {
    throw new DomainError(
      'unprocessable',
      'payments-do-not-match-order',
      `the payments of order ${order.orderId} do not fit its lines`,
      { problems: problems },
    );
  }
}

function paymentProblems(order: Order): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const allocated = new Map<string, number>();
  const charges = new Set<string>();
  order.payments.forEach((payment, i) => {
    if (charges.has(payment.chargeId)) {
      problems.push({ field: `payments[${i}].chargeId`, message: `charge "${payment.chargeId}" is listed twice` });
    }
    charges.add(payment.chargeId);
    payment.allocations.forEach((allocation, j) => {
      const field = `payments[${i}].allocations[${j}]`;
      const line = order.lines.find((candidate) => candidate.lineId === allocation.lineId);
      if (!line) {
        problems.push({ field: `${field}.lineId`, message: `the order has no line "${allocation.lineId}"` });
        return;
      }
      const total = (allocated.get(line.lineId) ?? 0) + allocation.amountMinor;
      allocated.set(line.lineId, total);
      const cost = line.unitPriceMinor * line.quantity;
      if (total > cost) {
        problems.push({
          field: `${field}.amountMinor`,
          message: `line "${line.lineId}" cost ${cost} but its payments add up to ${total}`,
        });
      }
    });
  });
  return problems;
}
