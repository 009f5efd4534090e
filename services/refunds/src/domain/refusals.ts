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

/** The work depends on the return's approval, which has not been read yet: it must wait, not fail. */
export class ApprovalNotYetRead extends Error {
  override readonly name = 'ApprovalNotYetRead';

  constructor(readonly returnId: string) {
    super(`the approval of return ${returnId} has not been read yet`);
  }
}
