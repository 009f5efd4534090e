import { EntityManager } from 'typeorm';
import { DecodedEvent, EventClass, EventPayload } from '@rebound/contracts';

/** A validated event together with where it was read from. */
export interface ConsumedEvent<T extends EventPayload = EventPayload> extends DecodedEvent<T> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Applies one event. Runs inside the transaction that also records the event in the inbox: write
 * through `manager`, publish follow-up events through the outbox with it, and never commit yourself.
 */
export type EventHandlerFn<T extends EventPayload = EventPayload> = (
  event: ConsumedEvent<T>,
  manager: EntityManager,
) => Promise<void>;

export interface EventHandlerRegistration<T extends EventPayload = EventPayload> {
  readonly eventClass: EventClass<T>;
  readonly handle: EventHandlerFn<T>;
  /** For logs: which handler this is, e.g. `RefundOnInspection.handle`. */
  readonly name: string;
}
