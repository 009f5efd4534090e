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
 */
import { Client, type ClientConfig, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { encodeEvent } from '@rebound/contracts';
import type { Logger } from '@rebound/observability';
import { BackoffPolicy, backoffDelay } from '../backoff';
import { BrokerProducer, OutgoingMessage } from '../broker/message-broker.port';
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
}

export interface OutboxBacklog {
  readonly pending: number;
  readonly oldestPendingAgeMs: number;
}

interface OutboxRow {
  position: string;
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

const CLEANUP_EVERY_MS = 60_000;
const CLEANUP_SLICE = 5000;

export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly retentionMs: number;
  private readonly schema: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private wakeRequested = false;
  private listener: Client | undefined;
  private listenerRetry: NodeJS.Timeout | undefined;
  private lastCleanup = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.backoff = options.backoff ?? { initialDelayMs: 250, maxDelayMs: 10_000 };
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
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

  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.options.dataSource.query(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0)::float8 AS age
         FROM ${schemaTable(this.options.dataSource, 'outbox')} WHERE published_at IS NULL`,
    );
    return { pending: row.pending, oldestPendingAgeMs: row.age };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        if (failures > 0) this.options.logger.info({ failures }, 'outbox relay publishing again');
        failures = 0;
      } catch (error) {
        failures++;
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
          WHERE EXISTS (SELECT 1 FROM ${outbox} o WHERE o.lane = l.lane AND o.published_at IS NULL)
          FOR UPDATE OF l SKIP LOCKED`,
      );
      if (lanes.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const rows: OutboxRow[] = await runner.query(
        `SELECT position, event_id, topic, message_key, event_type, source, subject, occurred_at, traceparent, payload
           FROM ${outbox}
          WHERE published_at IS NULL AND lane = ANY($1::smallint[])
          ORDER BY position
          LIMIT $2`,
        [lanes.map((l) => l.lane), this.batchSize],
      );
      await this.options.producer.send(rows.map(toMessage));
      await runner.query(`UPDATE ${outbox} SET published_at = now() WHERE position = ANY($1::bigint[])`, [
        rows.map((row) => row.position),
      ]);
      await runner.commitTransaction();
      this.options.logger.debug({ count: rows.length, lanes: lanes.length }, 'outbox rows published');
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
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
