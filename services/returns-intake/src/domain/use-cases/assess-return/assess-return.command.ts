/**
 * A return as a customer proposes it, for preview and open alike. It cannot exist without lines or
 * with a quantity that is not a whole number of units: the policy judges returns, not malformed ones.
 */
import type { RefundMethod, ReturnMethod } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { ProposedLine } from '../../policy/return-policy';
import type { PickupDetails } from '../../return-request';

export interface ProposedReturnInput {
  readonly orderId: string;
  readonly lines: readonly ProposedLine[];
  readonly method?: ReturnMethod;
  readonly refundMethod?: RefundMethod;
  readonly pickup?: PickupDetails;
  /** Set when a customer asks with a token of their own: another customer's order is unknown to them. */
  readonly customerId?: string;
}

export class ProposedReturn implements ProposedReturnInput {
  readonly orderId: string;
  readonly lines: readonly ProposedLine[];
  readonly method?: ReturnMethod;
  readonly refundMethod?: RefundMethod;
  readonly pickup?: PickupDetails;
  readonly customerId?: string;

  constructor(input: ProposedReturnInput) {
    const problems = proposalProblems(input);
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.orderId = input.orderId;
    this.lines = input.lines;
    this.method = input.method;
    this.refundMethod = input.refundMethod;
    this.pickup = input.pickup;
    this.customerId = input.customerId;
  }
}

export function proposalProblems(input: ProposedReturnInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.orderId.length === 0) problems.push({ field: 'orderId', message: 'must name an order' });
  if (input.lines.length === 0) problems.push({ field: 'lines', message: 'must list at least one line' });
  input.lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      problems.push({ field: `lines[${index}].quantity`, message: 'must be a whole number of units, at least 1' });
    }
  });
  return problems;
}
