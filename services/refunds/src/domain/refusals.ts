/**
 * How refunds refuses: a DomainError the edges answer once (problem+json, gRPC, dead letter), under the
 * titles callers have always read for refunds' conflicts; and the one wait a Kafka handler must turn
 * into parking — an approval, which travels on another topic, not read yet.
 */
import { DomainError } from '@rebound/kernel';

/** The state of what it names does not allow it now (409). */
export function refusal(code: string, message: string): DomainError {
  return new DomainError('conflict', code, message, { title: 'Request cannot be carried out' });
}

/** The work depends on a fact of the return that has not been read yet: it must wait (parked), not fail. */
export abstract class FactAwaited extends Error {}

/** The work depends on the return's approval, which travels on another topic and has not been read yet. */
export class ApprovalNotYetRead extends FactAwaited {
  override readonly name = 'ApprovalNotYetRead';

  constructor(readonly returnId: string) {
    super(`the approval of return ${returnId} has not been read yet`);
  }
}

/**
 * An inspection of a return with exchanged lines waits for what becomes of each: its replacement
 * requested (ExchangeOrderRequested) or the line turned into a refund (LineResolutionChanged) — facts
 * returns-intake publishes after the inspection, on another topic; or, for the inspection of a parcel
 * whose return had given up its instant exchange (expired), for the exchange's charge-back to be
 * collected or fail; or, for a charge-back, for the payment of the exchange's surplus to end.
 */
export class ExchangeNotYetResolved extends FactAwaited {
  override readonly name = 'ExchangeNotYetResolved';

  constructor(
    readonly returnId: string,
    awaited: string,
  ) {
    super(`return ${returnId} waits for ${awaited}`);
  }
}
