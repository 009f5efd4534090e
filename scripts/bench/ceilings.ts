/**
 * What this machine allows, measured in the same run: the ceilings the lifecycle's figures are set
 * against. Each one does the least work of its kind that Rebound cannot avoid.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { messagingMigrations } from '@rebound/messaging';
import { adminDatabaseUrl, postgresConnection } from '@rebound/persistence';
import { ManagedProcess } from '../platform/managed-process';
import { RunGround, withAdmin } from '../platform/run-ground';

/** A payload the size of our events' (a ReturnApproved with two lines is about 1.4 kB; most are smaller). */
export const EVENT_BYTES = 900;

export interface PostgresCeiling {
  readonly commitsPerSecond: number;
  readonly clients: number;
  readonly synchronousCommit: string;
}

/**
 * Transactions shaped like one event hop — the inbox row, one row updated, one outbox row (with the
 * NOTIFY trigger the relays wake on) — on the real messaging tables, from `clients` connections.
 */
export async function postgresHopCeiling(
  ground: RunGround,
  clients: number,
  durationMs: number,
): Promise<PostgresCeiling> {
  const schema = await ground.schema('hop');
  await withAdmin(async (client) => {
    await client.query(`SET search_path = ${schema}`);
    const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
    for (const Migration of messagingMigrations) await new Migration().up(runner);
    await client.query(
      'CREATE TABLE state (id integer PRIMARY KEY, version integer NOT NULL, updated_at timestamptz NOT NULL)',
    );
    await client.query('INSERT INTO state SELECT id, 0, now() FROM generate_series(1, 10000) AS id');
  });
  const pool = new Pool({
    ...postgresConnection(adminDatabaseUrl()),
    max: clients,
    options: `-c search_path=${schema}`,
  });
  const payload = JSON.stringify({ data: randomBytes(EVENT_BYTES / 2).toString('hex') });
  let commits = 0;
  const deadline = Date.now() + durationMs;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const eventId = randomUUID();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO inbox (consumer_group, event_id, event_type, topic, "partition", "offset", outcome)
           VALUES ('bench.main', $1, 'BenchEvent', 'bench.v1', 0, 0, 'applied') ON CONFLICT DO NOTHING RETURNING 1`,
          [eventId],
        );
        await client.query('UPDATE state SET version = version + 1, updated_at = now() WHERE id = $1', [
          1 + Math.floor(Math.random() * 10000),
        ]);
        await client.query(
          `INSERT INTO outbox (event_id, topic, message_key, event_type, source, subject, occurred_at, traceparent, payload)
           VALUES ($1, 'bench.v1', $2, 'BenchEvent', '/rebound/bench', $2, now(), NULL, $3::jsonb)`,
          [eventId, `subject-${eventId}`, payload],
        );
        await client.query('COMMIT');
        commits += 1;
      }
    } finally {
      client.release();
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = Date.now() - started;
  const [{ synchronous_commit: synchronousCommit }] = await ground.query<{ synchronous_commit: string }>(
    'SHOW synchronous_commit',
  );
  await pool.end();
  return { commitsPerSecond: (commits * 1000) / elapsed, clients, synchronousCommit };
}

export interface KafkaCeiling {
  readonly producedPerSecond: number;
  readonly consumedPerSecond: number;
  readonly messages: number;
  readonly batchSize: number;
}

/**
 * Messages of our events' size through our own producer (idempotent, acks=all, one request in
 * flight — KafkaJsBroker's settings) in the relay's batches, then read back by our consumer.
 */
export async function kafkaCeiling(ground: RunGround, messages: number, batchSize: number): Promise<KafkaCeiling> {
  const topic = 'bench.ceiling.v1';
  const admin = ground.broker.admin();
  await admin.connect();
  await admin.createTopics([{ topic, partitions: 6 }]);
  await admin.disconnect();
  const value = randomBytes(EVENT_BYTES);
  const producer = ground.broker.producer();
  await producer.connect();
  const produceStarted = Date.now();
  for (let sent = 0; sent < messages; sent += batchSize) {
    await producer.send(
      Array.from({ length: Math.min(batchSize, messages - sent) }, (_, index) => ({
        topic,
        key: `key-${(sent + index) % 997}`,
        value,
        headers: { ce_id: randomUUID(), ce_type: 'BenchEvent' },
      })),
    );
  }
  const produceMs = Date.now() - produceStarted;
  await producer.disconnect();

  const consumer = ground.broker.consumer({ groupId: 'bench.ceiling', maxWaitTimeMs: 100 });
  await consumer.connect();
  await consumer.subscribe([topic], true);
  let consumed = 0;
  let firstAt = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run(async (batch, control) => {
      firstAt ||= Date.now();
      for (const message of batch.messages) control.markProcessed(message);
      consumed += batch.messages.length;
      await control.commitIfDue();
      if (consumed >= messages) resolve(Date.now());
    });
  });
  const consumeEnded = await done;
  await consumer.stop();
  await consumer.disconnect();
  return {
    producedPerSecond: (messages * 1000) / produceMs,
    consumedPerSecond: (messages * 1000) / Math.max(1, consumeEnded - firstAt),
    messages,
    batchSize,
  };
}

export interface HttpFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export function httpFigures(result: autocannon.Result): HttpFigures {
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** A trivial GET on a NestJS application with the services' adapter (Express), in a process of its own. */
export async function nestHttpCeiling(
  logDir: string,
  port: number,
  connections: number,
  durationS: number,
): Promise<HttpFigures> {
  const server = ManagedProcess.start(
    { name: 'bare-nest', entry: 'scripts/bench/bare-nest-server.ts', env: { BENCH_PORT: String(port) } },
    logDir,
  );
  try {
    await server.waitForLine(/listening/, 60_000);
    return httpFigures(await autocannon({ url: `http://127.0.0.1:${port}/ping`, connections, duration: durationS }));
  } finally {
    await server.stop();
  }
}
