/**
 * Publishes outbox rows to Kafka and marks them sent.
 *
 * - Order per key: a key's rows share a lane; a relay locks the lanes it works on
 *   (`FOR UPDATE SKIP LOCKED`), so however many replicas run, one key is published by one relay at
 *   a time, in outbox order, and the next batch of a lane starts only after the last one committed.
 * - Latency: it wakes on the NOTIFY that each committing outbox write sends, and polls as a fallback.
 * - At least once: rows are marked sent only after Kafka acknowledged them (acks=all, idempotent
 *   producer). A relay that dies mid-batch leaves them unmarked and they are sent again; consumers
 *   deduplicate by event id.
 * - Kafka down: the batch rolls back, the relay backs off and publishes when Kafka returns.
 * - A row the broker refuses (its topic gone or not ours, a record over the broker's size limit) must
 *   not hold up the rows behind it: when a batch is refused, its rows are sent one at a time, and the
 *   refused ones are counted in the table and parked — at once when retrying cannot help, after
 *   `maxAttempts` refusals that might pass. Parked rows wait, unpublished, until `requeueParked`.
 */
import { Client, type ClientConfig, Notification } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { encodeEvent } from '@rebound/contracts';
import type { Logger } from '@rebound/observability';
import { BackoffPolicy, backoffDelay } from '@rebound/kernel';
import { BrokerProducer, OutgoingMessage, SendFailure } from '@rebound/kafka';
import { OUTBOX_CHANNEL } from '../migrations/1795707556702-CreateMessagingTables';
import { schemaTable } from '../schema-table';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly producer: BrokerProducer;
  readonly logger: Logger;
  readonly batchSize?: number;
  /** Fallback poll when no notification arrives (a lost LISTEN connection, a missed wake-up). */
  readonly pollIntervalMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Published rows are kept this long for inspection, then deleted. */
  readonly retentionMs?: number;
  /** Refusals that might pass (a topic not created yet) a row may get before it is parked. Default 5. */
  readonly maxAttempts?: number;
  /** Told why the relay cannot publish (Kafka unreachable, its login refused) and, with undefined, that it can again. */
  readonly onProblem?: (problem: string | undefined) => void;
}

export interface OutboxBacklog {
  /** Rows waiting to be published; parked rows are not waiting. */
  readonly pending: number;
  readonly oldestPendingAgeMs: number;
  /** Rows the broker refused, set aside until requeued. */
  readonly parked: number;
  /** Since the oldest parked row was parked; 0 when none is. */
  readonly oldestParkedAgeMs: number;
}

/** The outbox's backlog, read from the table: the same for every relay of the schema. */
export async function outboxBacklog(dataSource: DataSource): Promise<OutboxBacklog> {
  const outbox = schemaTable(dataSource, 'outbox');
  const [row] = await dataSource.query(
    `SELECT pending.count AS pending, pending.age AS pending_age, parked.count AS parked, parked.age AS parked_age
       FROM (SELECT count(*)::int AS count,
                    coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0)::float8 AS age
               FROM ${outbox} WHERE published_at IS NULL AND parked_at IS NULL) pending,
            (SELECT count(*)::int AS count,
                    coalesce(extract(epoch FROM now() - min(parked_at)) * 1000, 0)::float8 AS age
               FROM ${outbox} WHERE parked_at IS NOT NULL) parked`,
  );
  return {
    pending: row.pending,
    oldestPendingAgeMs: row.pending_age,
    parked: row.parked,
    oldestParkedAgeMs: row.parked_age,
  };
}

interface OutboxRow {
  position: string;
  attempts: number;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  source: string;
  subject: string;
  occurred_at: Date;
  traceparent: string | null;
  payload: unknown;
}

interface RefusedRow {
  readonly row: OutboxRow;
  readonly failure: SendFailure;
  readonly parked: boolean;
}

/** Which rows of a batch reached Kafka and which the broker refused. */
interface BatchOutcome {
  readonly published: OutboxRow[];
  readonly refused: RefusedRow[];
  /** Set when the broker became unavailable part-way: the rest of the batch was not tried. */
  readonly unavailable?: unknown;
}

const CLEANUP_EVERY_MS = 60_000;
const CLEANUP_SLICE = 5000;

export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly retentionMs: number;
  private readonly maxAttempts: number;
  private readonly schema: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private wakeRequested = false;
  private listener: Client | undefined;
  private listenerRetry: NodeJS.Timeout | undefined;
  private lastCleanup = 0;
  private producerConnected = false;
  private problem: string | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.backoff = options.backoff ?? { initialDelayMs: 250, maxDelayMs: 10_000 };
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.schema = (options.dataSource.options as { schema?: string }).schema ?? '';
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
    this.options.logger.info({ schema: this.schema }, 'outbox relay started');
  }

  /** Finishes the batch in flight, then stops; rows not yet published stay for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    clearTimeout(this.listenerRetry);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.options.producer.disconnect().catch(() => undefined);
    this.options.logger.info({ schema: this.schema }, 'outbox relay stopped');
  }

  backlog(): Promise<OutboxBacklog> {
    return outboxBacklog(this.options.dataSource);
  }

  /**
   * Puts parked rows — those of `eventIds`, or all — back in line with a fresh count of attempts,
   * once the cause is fixed; returns how many. A requeued row is published after the rows of its key
   * that were published while it was parked.
   */
  async requeueParked(eventIds?: readonly string[]): Promise<number> {
    const [, count]: [unknown, number] = await this.options.dataSource.query(
      `UPDATE ${schemaTable(this.options.dataSource, 'outbox')} SET parked_at = NULL, attempts = 0
        WHERE parked_at IS NOT NULL AND ($1::uuid[] IS NULL OR event_id = ANY($1::uuid[]))`,
      [eventIds ?? null],
    );
    this.options.logger.info({ count, eventIds }, 'parked outbox rows requeued');
    if (count > 0) this.wake();
    return count;
  }

  /**
   * Connects the producer first, so that readiness tells a relay that cannot reach Kafka even while
   * nothing waits to be published; then publishes as rows come.
   */
  private async run(): Promise<void> {
    let failures = 0;
    this.report('the outbox relay is connecting to Kafka');
    while (this.running) {
      let published = 0;
      try {
        if (!this.producerConnected) {
          await this.options.producer.connect();
          this.producerConnected = true;
        }
        published = await this.publishBatch();
        if (failures > 0) this.options.logger.info({ failures }, 'outbox relay publishing again');
        failures = 0;
        this.report(undefined);
      } catch (error) {
        failures++;
        this.report(`the outbox relay cannot publish: ${(error as Error).message}`);
        const delay = backoffDelay(this.backoff, failures);
        this.options.logger.warn(
          { err: error, failures, retryInMs: delay },
          'outbox relay could not publish; rows stay in the outbox and will be retried',
        );
        await this.idle(delay);
        continue;
      }
      await this.cleanupIfDue();
      if (published === 0) await this.idle(this.pollIntervalMs);
    }
  }

  /** Publishes up to one batch from the lanes no other relay holds; returns how many rows it sent. */
  private async publishBatch(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const outbox = schemaTable(this.options.dataSource, 'outbox');
      const lanes: { lane: number }[] = await runner.query(
        `SELECT l.lane FROM ${schemaTable(this.options.dataSource, 'outbox_lane')} l
          WHERE EXISTS (SELECT 1 FROM ${outbox} o
                         WHERE o.lane = l.lane AND o.published_at IS NULL AND o.parked_at IS NULL)
          FOR UPDATE OF l SKIP LOCKED`,
      );
      if (lanes.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const rows: OutboxRow[] = await runner.query(
        `SELECT position, attempts, event_id, topic, message_key, event_type, source, subject, occurred_at,
                traceparent, payload
           FROM ${outbox}
          WHERE published_at IS NULL AND parked_at IS NULL AND lane = ANY($1::smallint[])
          ORDER BY position
          LIMIT $2`,
        [lanes.map((l) => l.lane), this.batchSize],
      );
      let outcome: BatchOutcome;
      try {
        await this.options.producer.send(rows.map(toMessage));
        outcome = { published: rows, refused: [] };
      } catch (error) {
        const failure = this.options.producer.failureOf(error);
        if (failure.kind === 'unavailable') throw error;
        this.options.logger.warn(
          { err: error, count: rows.length },
          'outbox batch refused; sending its rows one at a time to set aside the ones at fault',
        );
        outcome = await this.sendOneByOne(rows, failure);
      }
      await runner.query(`UPDATE ${outbox} SET published_at = now() WHERE position = ANY($1::bigint[])`, [
        outcome.published.map((row) => row.position),
      ]);
      if (outcome.refused.length > 0) await this.recordRefusals(runner, outcome.refused);
      await runner.commitTransaction();
      this.options.logger.debug({ count: outcome.published.length, lanes: lanes.length }, 'outbox rows published');
      this.reportRefusals(outcome.refused);
      if (outcome.unavailable !== undefined) throw outcome.unavailable;
      return outcome.published.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Sends rows one at a time, in outbox order. A refused row is charged; unless it is parked, the
   * rows of its key after it wait for the next round, so a key's events still reach Kafka in order.
   * Once a topic is refused as a whole, its other rows get the same answer without being sent; a
   * batch of one row was that row's send already.
   */
  private async sendOneByOne(rows: readonly OutboxRow[], batchFailure: SendFailure): Promise<BatchOutcome> {
    const published: OutboxRow[] = [];
    const refused: RefusedRow[] = [];
    const heldKeys = new Set<string>();
    const refusedTopics = new Map<string, SendFailure>();
    for (const row of rows) {
      if (heldKeys.has(row.message_key)) continue;
      let failure = rows.length === 1 ? batchFailure : refusedTopics.get(row.topic);
      if (!failure) {
        try {
          await this.options.producer.send([toMessage(row)]);
          published.push(row);
          continue;
        } catch (error) {
          failure = this.options.producer.failureOf(error);
          if (failure.kind === 'unavailable') return { published, refused, unavailable: error };
          if (failure.wholeTopic) refusedTopics.set(row.topic, failure);
        }
      }
      const parked = failure.kind === 'refused' || row.attempts + 1 >= this.maxAttempts;
      refused.push({ row, failure, parked });
      if (!parked) heldKeys.add(row.message_key);
    }
    return { published, refused };
  }

  /** Counts each refusal against its row, in the batch's transaction, and parks the rows due. */
  private async recordRefusals(runner: QueryRunner, refused: readonly RefusedRow[]): Promise<void> {
    const outbox = schemaTable(this.options.dataSource, 'outbox');
    await runner.query(
      `UPDATE ${outbox} o
          SET attempts = o.attempts + 1, last_error = r.reason, parked_at = CASE WHEN r.parked THEN now() END
         FROM unnest($1::bigint[], $2::text[], $3::boolean[]) AS r(position, reason, parked)
        WHERE o.position = r.position`,
      [refused.map((r) => r.row.position), refused.map((r) => r.failure.reason), refused.map((r) => r.parked)],
    );
  }

  private reportRefusals(refused: readonly RefusedRow[]): void {
    for (const { row, failure, parked } of refused) {
      const context = {
        topic: row.topic,
        eventId: row.event_id,
        eventType: row.event_type,
        attempts: row.attempts + 1,
        error: failure.reason,
      };
      if (parked) this.options.logger.error(context, 'outbox row parked: the broker refuses it; requeue it once fixed');
      else this.options.logger.warn(context, 'outbox row refused; it and its key wait for the next round');
    }
  }

  /** Deletes sent rows older than the retention, a slice at a time, until none are left. */
  private async cleanupIfDue(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    const outbox = schemaTable(this.options.dataSource, 'outbox');
    try {
      let deleted = CLEANUP_SLICE;
      while (deleted === CLEANUP_SLICE && this.running) {
        const [, count]: [unknown, number] = await this.options.dataSource.query(
          `DELETE FROM ${outbox} WHERE position IN (
             SELECT position FROM ${outbox}
              WHERE published_at < now() - make_interval(secs => $1::float8 / 1000) LIMIT ${CLEANUP_SLICE})`,
          [this.retentionMs],
        );
        deleted = count;
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox cleanup failed; it runs again in a minute');
    }
  }

  /** Tells `onProblem` of a change only. */
  private report(problem: string | undefined): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.options.onProblem?.(problem);
  }

  private idle(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wakeUp = undefined;
      this.wakeRequested = false;
    });
  }

  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakeRequested = true;
  }

  /** LISTENs on its own connection; on loss, keeps polling and reconnects in the background. */
  private async listen(attempt = 1): Promise<void> {
    // As the data source connects: its url has no TLS parameters left, its ssl says what they were.
    const { url, ssl } = this.options.dataSource.options as { url?: string; ssl?: ClientConfig['ssl'] };
    if (!url) throw new Error('the outbox relay needs a data source configured with a url');
    const client = new Client({ connectionString: url, ssl, application_name: 'rebound-outbox-listener' });
    const retry = () => {
      if (!this.running || this.listener !== client) return;
      this.listener = undefined;
      this.listenerRetry = setTimeout(() => void this.listen(attempt + 1), backoffDelay(this.backoff, attempt));
    };
    client.on('notification', (message: Notification) => {
      if (message.payload === this.schema) this.wake();
    });
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox listener connection lost; polling until it is back');
      retry();
    });
    client.on('end', retry);
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.wake();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox listener cannot connect; polling until it can');
      await client.end().catch(() => undefined);
      retry();
    }
  }
}

function toMessage(row: OutboxRow): OutgoingMessage {
  const encoded = encodeEvent(
    {
      id: row.event_id,
      type: row.event_type,
      source: row.source,
      subject: row.subject,
      time: row.occurred_at,
      traceparent: row.traceparent ?? undefined,
      data: row.payload,
    },
    row.message_key,
  );
  return { topic: row.topic, ...encoded };
}
