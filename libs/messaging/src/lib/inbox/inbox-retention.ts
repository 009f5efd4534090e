/**
 * How long the inbox remembers events: a row must outlive every copy of its event that can still
 * arrive — a redelivery while the event is on its topic, or a replay of its dead letter — or that
 * copy would be applied a second time (docs/messaging.md, What is kept). RetentionJob
 * (@rebound/persistence) applies the rule.
 */
import type { RetentionRule } from '@rebound/persistence';

export function inboxRetention(retentionMs: number): RetentionRule {
  return {
    name: 'inbox',
    retentionMs,
    // inbox_processed_at_idx (migration IndexInboxByAge); a replay taking over a row holds it locked.
    deleteSlice: `DELETE FROM inbox WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM inbox WHERE processed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
  };
}
