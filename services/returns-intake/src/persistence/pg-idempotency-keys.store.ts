/** Idempotency keys on Postgres: which request a key was first used with, and what it made. */
import { EntityManager } from 'typeorm';
import type { IdempotencyClaim, IdempotencyKeys } from '../domain/ports';
import type { Row } from './pg-sql';

export class PgIdempotencyKeys implements IdempotencyKeys {
  constructor(private readonly manager: EntityManager) {}

  async claim(operation: string, key: string, requestHash: string, resourceId: string): Promise<IdempotencyClaim> {
    // A concurrent first use of the key holds its row until it commits; this insert waits for it.
    const inserted: Row[] = await this.manager.query(
      `INSERT INTO idempotency_keys (operation, idempotency_key, request_hash, resource_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING resource_id`,
      [operation, key, requestHash, resourceId],
    );
    if (inserted.length > 0) return { claimed: true };
    const [row]: Row[] = await this.manager.query(
      'SELECT request_hash, resource_id FROM idempotency_keys WHERE operation = $1 AND idempotency_key = $2',
      [operation, key],
    );
    return { claimed: false, requestHash: String(row['request_hash']), resourceId: String(row['resource_id']) };
  }
}
