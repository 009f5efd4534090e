/**
 * What refunds keeps only for a while: the payment attempts — each provider call and its answer,
 * shown as a refund's `paymentAttempts` — of refunds that are over. Nothing decides anything from
 * them: paying, looking a key up and reconciliation read the refund and its parts
 * (`refund_payments`, which hold the idempotency keys) and are never pruned. A refund that may still
 * call the provider (pending, processing) or that ops may still act on (failed, needs attention)
 * keeps every attempt, however old.
 */
import type { RefundState } from '@rebound/contracts';
import type { RetentionRule } from '@rebound/persistence';

/** States a refund never leaves: no more calls, no ops action. */
export const FINISHED_REFUND_STATES: readonly RefundState[] = ['succeeded', 'superseded', 'cancelled'];

export function refundsRetention(paymentAttemptRetentionMs: number): RetentionRule[] {
  return [
    {
      name: 'payment_attempts',
      retentionMs: paymentAttemptRetentionMs,
      // Oldest first, through payment_attempts_finished_at_idx or refunds_finished_idx. A refund that
      // finished before the cutoff made every call before it: its history goes as a whole.
      deleteSlice: `DELETE FROM payment_attempts WHERE ctid = ANY(ARRAY(
                      SELECT a.ctid FROM payment_attempts a
                       WHERE a.finished_at < $1
                         AND EXISTS (SELECT 1 FROM refunds r
                                      WHERE r.refund_id = a.refund_id AND r.updated_at < $1
                                        AND r.state IN (${FINISHED_REFUND_STATES.map((state) => `'${state}'`).join(', ')}))
                       ORDER BY a.finished_at
                       LIMIT $2 FOR UPDATE OF a SKIP LOCKED))`,
    },
  ];
}
