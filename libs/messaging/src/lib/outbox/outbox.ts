/**
 * Publishing an event = writing an outbox row in the caller's transaction. The event exists exactly
 * when the state change that caused it commits; the relay puts it on Kafka afterwards.
 */
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventClass, EventEnvelope, EventPayload, isTopicFamily, toValidPayload } from '@rebound/contracts';
import { traceparentForOutgoing } from '@rebound/observability';
import { schemaTable } from '../schema-table';
import { noteRecordedFact } from './state-change-log';

export interface PublishOptions {
  /** The entity the event is about (the return id): `ce_subject`, and the Kafka key unless `key` is set. */
  readonly subject: string;
  readonly key?: string;
  /** The concrete topic, required when the event travels on a topic family (per-partner topics). */
  readonly topic?: string;
  readonly id?: string;
  readonly time?: Date;
}

export class Outbox {
  /** @param source the CloudEvents `source` of everything this service publishes, e.g. `/rebound/refunds`. */
  constructor(private readonly source: string) {}

  async publish<T extends EventPayload>(
    manager: EntityManager,
    eventClass: EventClass<T>,
    data: T,
    options: PublishOptions,
  ): Promise<EventEnvelope<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`${eventClass.eventType} must be published inside the transaction of the change that caused it`);
    }
    const payload = toValidPayload(eventClass, data);
    const topic = this.topicFor(eventClass, options.topic);
    const envelope: EventEnvelope<T> = {
      id: options.id ?? randomUUID(),
      type: eventClass.eventType,
      source: this.source,
      subject: options.subject,
      time: options.time ?? new Date(),
      traceparent: traceparentForOutgoing(),
      data: payload,
    };
    await manager.query(
      `INSERT INTO ${schemaTable(manager, 'outbox')}
         (event_id, topic, message_key, event_type, source, subject, occurred_at, traceparent, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        envelope.id,
        topic,
        options.key ?? options.subject,
        envelope.type,
        envelope.source,
        envelope.subject,
        envelope.time,
        envelope.traceparent,
        JSON.stringify(payload),
      ],
    );
    noteRecordedFact(manager.queryRunner, {
      id: envelope.id,
      type: envelope.type,
      subject: envelope.subject,
      topic,
      traceparent: envelope.traceparent,
    });
    return envelope;
  }

  private topicFor(eventClass: EventClass, explicit: string | undefined): string {
    const ref = eventClass.topic;
    if (!isTopicFamily(ref)) {
      if (explicit !== undefined && explicit !== ref.name) {
        throw new Error(`${eventClass.eventType} travels on ${ref.name}, not ${explicit}`);
      }
      return ref.name;
    }
    if (explicit === undefined || !ref.pattern.test(explicit)) {
      throw new Error(`${eventClass.eventType} needs a concrete ${ref.kind} topic matching ${ref.pattern}`);
    }
    return explicit;
  }
}
