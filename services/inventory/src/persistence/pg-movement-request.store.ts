/**
 * Movements reported over the API on Postgres (the MovementRequestStore port, bound to one
 * transaction's EntityManager): each Idempotency-Key with the digest of its request and its answer.
 */
import { EntityManager } from 'typeorm';
import type { MovementRequestStore, StoredRequest } from '../domain/ports';

type Row = Record<string, unknown>;

export class PgMovementRequestStore implements MovementRequestStore {
  constructor(private readonly manager: EntityManager) {}

  async claimRequest(idempotencyKey: string, requestHash: string): Promise<StoredRequest | null> {
    // A concurrent request with the same key waits here until the first commits (then finds its answer) or rolls back.
    const claimed: Row[] = await this.manager.query(
      `INSERT INTO movement_requests (idempotency_key, request_hash) VALUES ($1, $2)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [idempotencyKey, requestHash],
    );
    if (claimed.length === 1) return null;
    const [row]: Row[] = await this.manager.query(
      'SELECT request_hash, response FROM movement_requests WHERE idempotency_key = $1',
      [idempotencyKey],
    );
    return { requestHash: String(row['request_hash']), response: row['response'] };
  }

  async storeResponse(idempotencyKey: string, response: unknown): Promise<void> {
    await this.manager.query('UPDATE movement_requests SET response = $2::jsonb WHERE idempotency_key = $1', [
      idempotencyKey,
      JSON.stringify(response),
    ]);
  }
}
