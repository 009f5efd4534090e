/**
 * What inventory announced about the replacement of one exchanged line: held at a warehouse
 * (`ReplacementReserved`) or not to be had (`ReplacementReservationFailed`). Built only from those two.
 */
import {
  ReplacementReservationFailed,
  ReplacementReserved,
  type EventEnvelope,
  type EventPayload,
} from '@rebound/contracts';

export type ReplacementFact = Pick<
  EventEnvelope<ReplacementReserved | ReplacementReservationFailed>,
  'id' | 'type' | 'source' | 'time' | 'data'
>;

export class TrackReplacementCommand {
  readonly eventId: string;
  readonly eventType: string;
  readonly source: string;
  readonly occurredAt: Date;
  readonly returnId: string;
  readonly lineId: string;
  readonly sku: string;
  /** The warehouse holding it; null when it could not be reserved. */
  readonly warehouseId: string | null;
  readonly details: Record<string, unknown>;

  constructor(event: ReplacementFact) {
    const reserved = event.type === ReplacementReserved.eventType;
    if (!reserved && event.type !== ReplacementReservationFailed.eventType) {
      throw new Error(`${event.type} is not a fact about a replacement's reservation`);
    }
    this.eventId = event.id;
    this.eventType = event.type;
    this.source = event.source;
    this.occurredAt = event.time;
    this.returnId = event.data.returnId;
    this.lineId = event.data.lineId;
    this.sku = event.data.sku;
    this.warehouseId = reserved ? (event.data as ReplacementReserved).warehouseId : null;
    this.details = { ...(event.data as EventPayload) } as Record<string, unknown>;
  }
}
