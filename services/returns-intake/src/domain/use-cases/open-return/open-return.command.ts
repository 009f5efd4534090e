/**
 * A return to open: a proposal (see assess-return.command) that names its method, the digest its
 * idempotency key is bound to and who opens it. Built valid or not at all.
 */
import type { Actor, RefundMethod, ReturnMethod } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import type { ProposedLine } from '../../policy/return-policy';
import type { PickupDetails } from '../../return-request';
import { proposalProblems, type ProposedReturnInput } from '../assess-return/assess-return.command';

export interface OpenReturnInput extends ProposedReturnInput {
  readonly method: ReturnMethod;
  readonly idempotencyKey?: string;
  /** A digest of the request body, compared when the idempotency key is reused. */
  readonly requestHash: string;
  /** Who opens it, from the caller's token: the storefront's client, or the customer. */
  readonly openedBy: Actor;
}

export class OpenReturnCommand implements OpenReturnInput {
  readonly orderId: string;
  readonly lines: readonly ProposedLine[];
  readonly method: ReturnMethod;
  readonly refundMethod?: RefundMethod;
  readonly pickup?: PickupDetails;
  readonly customerId?: string;
  readonly idempotencyKey?: string;
  readonly requestHash: string;
  readonly openedBy: Actor;

  constructor(input: OpenReturnInput) {
    const problems = proposalProblems(input);
    if (input.requestHash.length === 0) problems.push({ field: 'requestHash', message: 'must digest the request' });
    if (input.idempotencyKey !== undefined && input.idempotencyKey.length === 0) {
      problems.push({ field: 'Idempotency-Key', message: 'must not be empty' });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.orderId = input.orderId;
    this.lines = input.lines;
    this.method = input.method;
    this.refundMethod = input.refundMethod;
    this.pickup = input.pickup;
    this.customerId = input.customerId;
    this.idempotencyKey = input.idempotencyKey;
    this.requestHash = input.requestHash;
    this.openedBy = input.openedBy;
  }
}
