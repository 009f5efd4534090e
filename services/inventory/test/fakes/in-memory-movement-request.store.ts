/** MovementRequestStore in memory for unit tests: each claimed key with its digest and answer. */
import type { MovementRequestStore, StoredRequest } from '../../src/domain/ports';

export class InMemoryMovementRequestStore implements MovementRequestStore {
  readonly requests = new Map<string, { requestHash: string; response: unknown }>();

  async claimRequest(idempotencyKey: string, requestHash: string): Promise<StoredRequest | null> {
    const stored = this.requests.get(idempotencyKey);
    if (stored) return { ...stored };
    this.requests.set(idempotencyKey, { requestHash, response: null });
    return null;
  }

  async storeResponse(idempotencyKey: string, response: unknown): Promise<void> {
    const stored = this.requests.get(idempotencyKey);
    if (stored) stored.response = JSON.parse(JSON.stringify(response));
  }
}
