/**
 * What returns-intake keeps only for a while: the idempotency keys of the create operation. A key
 * is kept for far longer than any client retries a request (docs/returns-intake.md, Idempotency);
 * the return it made stays, only the key is forgotten.
 */
import type { RetentionRule } from '@rebound/persistence';

export function intakeRetention(idempotencyKeyRetentionMs: number): RetentionRule[] {
  return [
    {
      name: 'idempotency_keys',
      retentionMs: idempotencyKeyRetentionMs,
      // idempotency_keys_created_at_idx; a concurrent first use of a key holds its row locked.
      deleteSlice: `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
                      SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    },
  ];
}
