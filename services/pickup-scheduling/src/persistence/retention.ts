/**
 * What pickup-scheduling keeps only for a while: the tracking events it refused, kept for the
 * partner and ops to see what went wrong (`GET /v1/partners/{id}/rejected-events`). Nothing is
 * decided from them. Accepted events are a pickup's history and are kept.
 */
import type { RetentionRule } from '@rebound/persistence';

export function pickupsRetention(rejectedTrackingRetentionMs: number): RetentionRule[] {
  return [
    {
      name: 'rejected_tracking_events',
      retentionMs: rejectedTrackingRetentionMs,
      // rejected_tracking_events_received_at_idx
      deleteSlice: `DELETE FROM rejected_tracking_events WHERE ctid = ANY(ARRAY(
                      SELECT ctid FROM rejected_tracking_events WHERE received_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    },
  ];
}
