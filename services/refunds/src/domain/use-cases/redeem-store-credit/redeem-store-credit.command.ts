/** A checkout's redemption of store credit, as it may be carried out: a positive amount under a key. */
import type { Actor } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';

export class RedeemStoreCreditCommand {
  private constructor(
    readonly customerId: string,
    readonly currency: string,
    /** More than zero, in minor units. */
    readonly amountMinor: number,
    /** The checkout's order reference, when it names one. */
    readonly orderId: string | null,
    readonly idempotencyKey: string,
    /** Digest of the request (customer, currency, amount, order): the key is bound to it. */
    readonly requestHash: string,
    /** The verified caller; its client scopes the key. Not part of `requestHash`. */
    readonly redeemedBy: Actor,
  ) {}

  /** A redemption spends something, once: an amount of whole minor units above zero, under a key. */
  static of(input: {
    customerId: string;
    currency: string;
    amountMinor: number;
    orderId: string | null;
    idempotencyKey: string;
    requestHash: string;
    redeemedBy: Actor;
  }): RedeemStoreCreditCommand {
    const problems: FieldProblem[] = [];
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      problems.push({ field: 'amountMinor', message: 'must be a whole number of minor units above zero' });
    }
    if (input.idempotencyKey === '') problems.push({ field: 'Idempotency-Key', message: 'must name the redemption' });
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new RedeemStoreCreditCommand(
      input.customerId,
      input.currency,
      input.amountMinor,
      input.orderId,
      input.idempotencyKey,
      input.requestHash,
      input.redeemedBy,
    );
  }
}
