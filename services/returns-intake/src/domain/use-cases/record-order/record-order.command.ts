/**
 * An order snapshot to record, from `commerce.order.v1` or `PUT /v1/orders/{id}`: its timestamps are
 * instants and its lines hold whole quantities, or it is not an order at all.
 */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import { orderFromSnapshot, type Order, type OrderSnapshotInput } from '../../order';

export class RecordOrderCommand {
  readonly order: Order;

  constructor(snapshot: OrderSnapshotInput) {
    const order = orderFromSnapshot(snapshot);
    const problems = orderProblems(order);
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.order = order;
  }
}

function orderProblems(order: Order): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (order.orderId.length === 0) problems.push({ field: 'orderId', message: 'must name the order' });
  if (Number.isNaN(order.placedAt.getTime())) problems.push({ field: 'placedAt', message: 'must be an instant' });
  if (order.deliveredAt && Number.isNaN(order.deliveredAt.getTime())) {
    problems.push({ field: 'deliveredAt', message: 'must be an instant' });
  }
  order.lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      problems.push({ field: `lines[${index}].quantity`, message: 'must be a whole number of units, at least 1' });
    }
  });
  return problems;
}
