/**
 * Publishing an event = writing an outbox row in the caller's transaction. The event exists exactly
 * when the state change that caused it commits; the relay puts it on Kafka afterwards.
 */
import { randomUUID } from 'node:crypto';
import { EntityManager, QueryRunner } from 'typeorm';
import { EventClass, EventEnvelope, EventPayload, isTopicFamily, toPublishedPayload } from '@rebound/contracts';
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

/** An outbox row's values, in the order of `OUTBOX_COLUMNS`. */
type OutboxRowValues = readonly [string, string, string, string, string, string, Date, string | undefined, string];

const OUTBOX_COLUMNS = 'event_id, topic, message_key, event_type, source, subject, occurred_at, traceparent, payload';

/** At most this many rows per INSERT, well within Postgres's limit on parameters. */
const ROWS_PER_INSERT = 1_000;

const DEFERRED = Symbol('rebound.deferredOutboxWrites');

/**
 * The outbox rows a transaction publishes, held to be written together just before it commits:
 * one multi-row INSERT instead of one per event. The consumer uses it for a run of events applied in
 * one transaction; `underSavepoint` drops the rows of an event whose savepoint was rolled back.
 */
export class DeferredOutboxWrites {
  private readonly rows: OutboxRowValues[] = [];

  private constructor(
    private readonly manager: EntityManager,
    private readonly queryRunner: QueryRunner,
  ) {}

  /** From now until `write`, what is published in `manager`'s transaction is held instead of written. */
  static begin(manager: EntityManager): DeferredOutboxWrites {
    const queryRunner = manager.queryRunner;
    if (!queryRunner?.isTransactionActive) throw new Error('outbox writes can only be deferred inside a transaction');
    const writes = new DeferredOutboxWrites(manager, queryRunner);
    (queryRunner.data as Record<symbol, DeferredOutboxWrites | undefined>)[DEFERRED] = writes;
    return writes;
  }

  hold(row: OutboxRowValues): void {
    this.rows.push(row);
  }

  mark(): number {
    return this.rows.length;
  }

  undoSince(mark: number): void {
    this.rows.splice(mark);
  }

  /** Writes the rows held, in the order they were published; publishing writes at once again. */
  async write(): Promise<void> {
    (this.queryRunner.data as Record<symbol, DeferredOutboxWrites | undefined>)[DEFERRED] = undefined;
    for (let start = 0; start < this.rows.length; start += ROWS_PER_INSERT) {
      await insertOutboxRows(this.manager, this.rows.slice(start, start + ROWS_PER_INSERT));
    }
    this.rows.splice(0);
  }
}

/**
 * Runs `work` under a savepoint of `manager`'s transaction. If it throws, everything it did is undone
 * and the error rethrown, the transaction still usable: its writes are rolled back, and so is what it
 * published — the outbox rows it wrote, those held by DeferredOutboxWrites, and the facts it noted for
 * the state-change log (the savepoint is TypeORM's nested transaction, whose rollback StateChangeLog
 * hears; a savepoint taken with raw SQL would leave them to be logged when the transaction commits).
 */
export async function underSavepoint<T>(
  manager: EntityManager,
  work: (savepoint: EntityManager) => Promise<T>,
): Promise<T> {
  const deferred = deferredWrites(manager.queryRunner);
  const held = deferred?.mark() ?? 0;
  try {
    return await manager.transaction(work);
  } catch (error) {
    deferred?.undoSince(held);
    throw error;
  }
}

function deferredWrites(queryRunner: QueryRunner | undefined): DeferredOutboxWrites | undefined {
  return (queryRunner?.data as Record<symbol, DeferredOutboxWrites | undefined> | undefined)?.[DEFERRED];
}

async function insertOutboxRows(manager: EntityManager, rows: readonly OutboxRowValues[]): Promise<void> {
  const width = OUTBOX_COLUMNS.split(',').length;
  const values = rows.map((_, row) => {
    const at = (column: number) => `$${row * width + column + 1}`;
    return `(${Array.from({ length: width }, (__, column) => at(column)).join(', ')}::jsonb)`;
  });
  await manager.query(
    `INSERT INTO ${schemaTable(manager, 'outbox')} (${OUTBOX_COLUMNS}) VALUES ${values.join(', ')}`,
    rows.flat(),
  );
}

export class Outbox {
  /** @param source the CloudEvents `source` of everything this service publishes, e.g. `/rebound/refunds`. */
  constructor(private readonly source: string) {}

  /**
   * Writes the event's row, or holds it for the transaction's deferred writes. The payload is checked
   * against its contract by the validator compiled from its JSON Schema, on a copy
   * (`toPublishedPayload`): the row holds that copy without the fields the class does not declare.
   */
  async publish<T extends EventPayload>(
    manager: EntityManager,
    eventClass: EventClass<T>,
    data: T,
    options: PublishOptions,
  ): Promise<EventEnvelope<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`${eventClass.eventType} must be published inside the transaction of the change that caused it`);
    }
    const payload = toPublishedPayload(eventClass, data);
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
    const row: OutboxRowValues = [
      envelope.id,
      topic,
      options.key ?? options.subject,
      envelope.type,
      envelope.source,
      envelope.subject,
      envelope.time,
      envelope.traceparent,
      JSON.stringify(payload),
    ];
    const deferred = deferredWrites(manager.queryRunner);
    if (deferred) deferred.hold(row);
    else await insertOutboxRows(manager, [row]);
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
