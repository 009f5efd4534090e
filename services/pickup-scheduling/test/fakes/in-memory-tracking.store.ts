/** The tracking port in memory, for use-case unit tests: accepted events once per partner event id, and rejections. */
import type {
  RejectedEntry,
  RejectedTracking,
  TrackingEntry,
  TrackingHistoryEntry,
  TrackingStore,
} from '../../src/domain/ports';

export class InMemoryTrackingStore implements TrackingStore {
  readonly entries: TrackingEntry[] = [];
  readonly rejected: RejectedTracking[] = [];

  async insertTracking(entry: TrackingEntry): Promise<boolean> {
    if (this.entries.some((seen) => seen.partnerId === entry.partnerId && seen.eventId === entry.eventId)) return false;
    this.entries.push(entry);
    return true;
  }

  async trackingHistory(pickupId: string): Promise<TrackingHistoryEntry[]> {
    return this.entries
      .filter((entry) => entry.pickupId === pickupId)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
      .map(({ eventId, status, occurredAt, receivedAt, channel, outcome, note, payload }) => ({
        eventId,
        status,
        occurredAt,
        receivedAt,
        channel,
        outcome,
        note,
        details: { ...payload },
      }));
  }

  async insertRejected(entry: RejectedTracking): Promise<void> {
    if (this.rejected.some((known) => known.partnerId === entry.partnerId && known.eventId === entry.eventId)) return;
    this.rejected.push(entry);
  }

  async rejectedEvents(partnerId: string, limit: number, after?: string): Promise<RejectedEntry[]> {
    return this.rejected
      .map((entry, index) => ({ ...entry, rejectionId: String(index + 1), payload: { ...entry.payload } }))
      .filter(
        (entry) => entry.partnerId === partnerId && (after === undefined || Number(entry.rejectionId) > Number(after)),
      )
      .slice(0, limit);
  }
}
