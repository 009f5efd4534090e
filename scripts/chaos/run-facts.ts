/**
 * What a run left behind, read once it is over: the services' tables (returns, outboxes, inboxes,
 * timeline, refunds, stock), the payment sandbox's, and every message on the namespace's topics, read
 * from the beginning to the end each had when reading began. invariants.ts compares them.
 *
 * Reading a topic uses a consumer group of its own that commits nothing (scripts/dlt's topic reader),
 * so it moves no service's group. The Kafka user needs Read on every catalogue topic and its partner
 * topics, and on groups `<namespace>.<purpose>.*`: the tests' user has both for its namespaces; no
 * tool user of the access catalogue reads the services' topics.
 */
import { Client } from 'pg';
import {
  EventHeaders,
  PartnerTopics,
  ServiceDefinition,
  allServices,
  catalogueTopics,
  headerText,
} from '@rebound/contracts';
import { IncomingMessage, MessageBroker } from '@rebound/kafka';
import { postgresConnection, quoteIdent } from '@rebound/persistence';
import { DeadLetterEntry, describeDeadLetter } from '../dlt/dead-letter-entry';
import { readTopic } from '../dlt/topic-reader';

export interface RunSources {
  /** Connected as a user that may read the namespace's topics; its namespace is the run's. */
  readonly broker: MessageBroker;
  readonly databaseUrl: string;
  /** Each service's schema (by service name, as in libs/contracts Services). */
  readonly schemas: Readonly<Record<string, string>>;
  readonly sandboxSchema: string;
  /** Names the throwaway consumer groups that read the topics. */
  readonly purpose?: string;
  readonly readTimeoutMs?: number;
}

export interface ReturnRow {
  readonly returnId: string;
  readonly status: string;
}

export interface OutboxRow {
  readonly eventId: string;
  readonly topic: string;
  readonly eventType: string;
  readonly published: boolean;
  /** Given up on by the relay; false where the outbox has no such column. */
  readonly parked: boolean;
}

export interface InboxRow {
  readonly topic: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly outcome: string;
}

/** One message on a topic, as far as its headers and payload say. */
export interface TopicMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  /** The payload's `returnId`, when it is JSON that has one. */
  readonly returnId: string | null;
  readonly key: string | null;
}

export interface TimelineRow {
  readonly eventId: string;
  readonly returnId: string;
  readonly eventType: string;
}

/** Rows of one effect that share the key the effect should be unique on. */
export interface DuplicateEffect {
  readonly service: string;
  readonly effect: string;
  readonly key: string;
  readonly count: number;
}

export interface RefundRow {
  readonly refundId: string;
  readonly returnId: string;
  readonly phase: string;
  readonly method: string;
  readonly state: string;
  readonly amountMinor: number;
}

export interface RefundPaymentRow {
  readonly refundId: string;
  readonly n: number;
  readonly chargeId: string;
  readonly amountMinor: number;
  readonly state: string;
}

export interface SandboxPaymentRow {
  readonly kind: 'refund' | 'charge';
  readonly idempotencyKey: string;
  readonly paymentReference: string;
  readonly amountMinor: number;
  readonly status: string;
}

export interface StockRow {
  readonly sku: string;
  readonly warehouseId: string;
  /** By bucket (sellable, refurbish, …) and `expected_inbound`. */
  readonly quantities: Readonly<Record<string, number>>;
}

export interface RunFacts {
  readonly returns: readonly ReturnRow[];
  readonly outbox: Readonly<Record<string, readonly OutboxRow[]>>;
  readonly inbox: Readonly<Record<string, readonly InboxRow[]>>;
  readonly topics: readonly TopicMessage[];
  /** Topics whose older messages compaction may have removed. */
  readonly compactedTopics: readonly string[];
  readonly deadLetters: Readonly<Record<string, readonly DeadLetterEntry[]>>;
  readonly timeline: readonly TimelineRow[];
  readonly duplicateEffects: readonly DuplicateEffect[];
  readonly refunds: readonly RefundRow[];
  readonly refundPayments: readonly RefundPaymentRow[];
  readonly sandboxPayments: readonly SandboxPaymentRow[];
  /** inventory's stock levels, and what its ledger (and open expected inbound) add up to. */
  readonly stockLevels: readonly StockRow[];
  readonly stockFromLedger: readonly StockRow[];
}

/** Every bucket of inventory's levels and ledger, its own `reserved` (replacements held for exchanges) included. */
export const STOCK_BUCKETS = [
  'sellable',
  'refurbish',
  'liquidation',
  'return_to_vendor',
  'quarantine',
  'scrap',
  'reserved',
];

type Row = Record<string, unknown>;

/**
 * Per service, the effects an event (or a request) must make once, as `key, count` of the keys that
 * more than one row holds. Most are unique constraints today; counting them still catches a
 * migration that drops one.
 */
const DUPLICATE_CHECKS: readonly { service: string; effect: string; table: string; sql: string }[] = [
  {
    service: 'returns-intake',
    effect: 'timeline entries per event',
    table: 'return_timeline',
    sql: 'SELECT event_id::text AS key, count(*) FROM return_timeline GROUP BY event_id HAVING count(*) > 1',
  },
  {
    service: 'returns-intake',
    effect: 'refund facts per refund',
    table: 'return_refunds',
    sql: 'SELECT refund_id::text AS key, count(*) FROM return_refunds GROUP BY refund_id HAVING count(*) > 1',
  },
  {
    service: 'pickup-scheduling',
    effect: 'pickups per return',
    table: 'pickups',
    sql: 'SELECT return_id::text AS key, count(*) FROM pickups GROUP BY return_id HAVING count(*) > 1',
  },
  {
    service: 'pickup-scheduling',
    effect: 'tracking events per partner event',
    table: 'tracking_events',
    sql: `SELECT partner_id || ' ' || event_id AS key, count(*) FROM tracking_events
           GROUP BY partner_id, event_id HAVING count(*) > 1`,
  },
  {
    service: 'warehouse-qc',
    effect: 'inspections per return',
    table: 'inspections',
    sql: 'SELECT return_id::text AS key, count(*) FROM inspections GROUP BY return_id HAVING count(*) > 1',
  },
  {
    service: 'inventory',
    effect: 'ledger entries per movement line',
    table: 'ledger',
    sql: `SELECT source_id || ' #' || line_no AS key, count(*) FROM ledger
           GROUP BY source_id, line_no HAVING count(*) > 1`,
  },
  {
    service: 'inventory',
    effect: 'inspections restocked per return',
    table: 'ledger',
    sql: `SELECT return_id::text AS key, count(DISTINCT source_id) AS count FROM ledger
           WHERE source_id LIKE 'inspection:%' GROUP BY return_id HAVING count(DISTINCT source_id) > 1`,
  },
  {
    service: 'refunds',
    effect: 'refunds per return and phase',
    table: 'refunds',
    sql: `SELECT return_id || ' ' || phase AS key, count(*) FROM refunds
           WHERE state <> 'superseded' AND phase <> 'clawback' GROUP BY return_id, phase HAVING count(*) > 1`,
  },
  {
    service: 'refunds',
    effect: 'claw-backs per refund taken back',
    table: 'refunds',
    sql: `SELECT reverses::text AS key, count(*) FROM refunds
           WHERE phase = 'clawback' GROUP BY reverses HAVING count(*) > 1`,
  },
];

export async function readRunFacts(sources: RunSources): Promise<RunFacts> {
  const client = new Client(postgresConnection(sources.databaseUrl, process.env, 'the database URL'));
  await client.connect();
  try {
    const [database, kafka] = await Promise.all([readTables(client, sources), readTopics(sources)]);
    return { ...database, ...kafka };
  } finally {
    await client.end();
  }
}

async function readTables(
  client: Client,
  sources: RunSources,
): Promise<Omit<RunFacts, 'topics' | 'compactedTopics' | 'deadLetters'>> {
  const schemaOf = (service: string) => {
    const schema = sources.schemas[service];
    if (!schema) throw new Error(`no schema given for ${service}`);
    return quoteIdent(schema);
  };
  const query = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await client.query(sql, params)).rows;
  const exists = async (schema: string, table: string) =>
    (await query('SELECT to_regclass($1) AS found', [`${quoteIdent(schema)}.${table}`]))[0]['found'] !== null;

  const outbox: Record<string, OutboxRow[]> = {};
  const inbox: Record<string, InboxRow[]> = {};
  const duplicateEffects: DuplicateEffect[] = [];
  for (const service of allServices()) {
    const schema = schemaOf(service.name);
    outbox[service.name] = await readOutbox(client, sources.schemas[service.name], schema);
    inbox[service.name] = (await query(`SELECT topic, event_id::text, event_type, outcome FROM ${schema}.inbox`)).map(
      (row) => ({
        topic: String(row['topic']),
        eventId: String(row['event_id']),
        eventType: String(row['event_type']),
        outcome: String(row['outcome']),
      }),
    );
    for (const check of DUPLICATE_CHECKS.filter((check) => check.service === service.name)) {
      if (!(await exists(sources.schemas[service.name], check.table))) continue;
      await client.query(`SET search_path = ${schema}`);
      for (const row of await query(check.sql)) {
        duplicateEffects.push({
          service: service.name,
          effect: check.effect,
          key: String(row['key']),
          count: Number(row['count']),
        });
      }
      await client.query('RESET search_path');
    }
  }

  const returnsSchema = schemaOf('returns-intake');
  const refundsSchema = schemaOf('refunds');
  const inventorySchema = schemaOf('inventory');
  const sandbox = quoteIdent(sources.sandboxSchema);
  const returns = (await query(`SELECT return_id::text, status FROM ${returnsSchema}.returns`)).map((row) => ({
    returnId: String(row['return_id']),
    status: String(row['status']),
  }));
  const timeline = (
    await query(`SELECT event_id::text, return_id::text, event_type FROM ${returnsSchema}.return_timeline`)
  ).map((row) => ({
    eventId: String(row['event_id']),
    returnId: String(row['return_id']),
    eventType: String(row['event_type']),
  }));
  const refunds = (
    await query(
      `SELECT refund_id::text, return_id::text, phase, method, state, amount_minor FROM ${refundsSchema}.refunds`,
    )
  ).map((row) => ({
    refundId: String(row['refund_id']),
    returnId: String(row['return_id']),
    phase: String(row['phase']),
    method: String(row['method']),
    state: String(row['state']),
    amountMinor: Number(row['amount_minor']),
  }));
  const refundPayments = (
    await query(`SELECT refund_id::text, n, charge_id, amount_minor, state FROM ${refundsSchema}.refund_payments`)
  ).map((row) => ({
    refundId: String(row['refund_id']),
    n: Number(row['n']),
    chargeId: String(row['charge_id']),
    amountMinor: Number(row['amount_minor']),
    state: String(row['state']),
  }));
  const sandboxPayments: SandboxPaymentRow[] = [];
  for (const kind of ['refund', 'charge'] as const) {
    if (!(await exists(sources.sandboxSchema, `${kind}s`))) continue;
    for (const row of await query(
      `SELECT idempotency_key, payment_reference, amount_minor, status FROM ${sandbox}.${kind}s`,
    )) {
      sandboxPayments.push({
        kind,
        idempotencyKey: String(row['idempotency_key']),
        paymentReference: String(row['payment_reference']),
        amountMinor: Number(row['amount_minor']),
        status: String(row['status']),
      });
    }
  }
  const stockRow = (row: Row): StockRow => ({
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    quantities: Object.fromEntries(
      [...STOCK_BUCKETS, 'expected_inbound'].map((bucket) => [bucket, Number(row[bucket] ?? 0)]),
    ),
  });
  const stockLevels = (
    await query(
      `SELECT sku, warehouse_id, ${[...STOCK_BUCKETS, 'expected_inbound'].join(', ')} FROM ${inventorySchema}.stock_levels`,
    )
  ).map(stockRow);
  // What the ledger adds up to per bucket, and the expected inbound not yet cleared by an arrival.
  const stockFromLedger = (
    await query(`
      SELECT sku, warehouse_id,
             ${STOCK_BUCKETS.map((bucket) => `sum(CASE WHEN bucket = '${bucket}' THEN delta ELSE 0 END) AS ${bucket}`).join(', ')},
             sum(inbound) AS expected_inbound
        FROM (SELECT sku, warehouse_id, bucket, quantity_delta AS delta, 0 AS inbound FROM ${inventorySchema}.ledger
              UNION ALL
              SELECT sku, warehouse_id, NULL, 0, quantity FROM ${inventorySchema}.expected_inbound WHERE cleared_at IS NULL
             ) AS movements
       GROUP BY sku, warehouse_id`)
  ).map(stockRow);
  return {
    returns,
    outbox,
    inbox,
    timeline,
    duplicateEffects,
    refunds,
    refundPayments,
    sandboxPayments,
    stockLevels,
    stockFromLedger,
  };
}

/** The outbox with, where a column says the relay gave a row up (`parked…`), whether it did. */
async function readOutbox(client: Client, schemaName: string, schema: string): Promise<OutboxRow[]> {
  const { rows: columns } = await client.query(
    `SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = 'outbox' AND column_name LIKE 'parked%' ORDER BY column_name`,
    [schemaName],
  );
  const parkedColumn = columns[0] as { column_name: string; data_type: string } | undefined;
  const parked = !parkedColumn
    ? 'false'
    : parkedColumn.data_type === 'boolean'
      ? `coalesce(${quoteIdent(parkedColumn.column_name)}, false)`
      : `${quoteIdent(parkedColumn.column_name)} IS NOT NULL`;
  const { rows } = await client.query(
    `SELECT event_id::text, topic, event_type, published_at IS NOT NULL AS published, ${parked} AS parked
       FROM ${schema}.outbox`,
  );
  return (rows as Row[]).map((row) => ({
    eventId: String(row['event_id']),
    topic: String(row['topic']),
    eventType: String(row['event_type']),
    published: row['published'] === true,
    parked: row['parked'] === true,
  }));
}

async function readTopics(sources: RunSources): Promise<Pick<RunFacts, 'topics' | 'compactedTopics' | 'deadLetters'>> {
  const admin = sources.broker.admin();
  await admin.connect();
  let existing: string[];
  try {
    existing = await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
  const services = allServices();
  const deadLetterTopics = new Set(services.map((service) => service.deadLetterTopic.name));
  const families = Object.values(PartnerTopics);
  const eventTopics = [
    ...catalogueTopics().filter((topic) => !deadLetterTopics.has(topic.name)),
    ...existing
      .filter((name) => families.some((family) => family.pattern.test(name)))
      .map((name) => ({ name, cleanupPolicy: 'delete' })),
  ].filter((topic) => existing.includes(topic.name));
  const read = (topic: string) =>
    readTopic(sources.broker, topic, {
      purpose: sources.purpose ?? 'invariants',
      timeoutMs: sources.readTimeoutMs,
    });
  const [contents, deadLetterContents] = await Promise.all([
    Promise.all(eventTopics.map((topic) => read(topic.name))),
    Promise.all(
      services.map(async (service: ServiceDefinition) =>
        existing.includes(service.deadLetterTopic.name)
          ? [service.name, (await read(service.deadLetterTopic.name)).messages.map(describeDeadLetter)]
          : [service.name, []],
      ),
    ),
  ]);
  return {
    topics: contents.flatMap((content) => content.messages.map(topicMessage)),
    compactedTopics: eventTopics.filter((topic) => topic.cleanupPolicy === 'compact').map((topic) => topic.name),
    deadLetters: Object.fromEntries(deadLetterContents),
  };
}

function topicMessage(message: IncomingMessage): TopicMessage {
  let returnId: string | null = null;
  try {
    const data = JSON.parse(message.value?.toString('utf8') ?? 'null') as { returnId?: unknown } | null;
    if (typeof data?.returnId === 'string') returnId = data.returnId;
  } catch {
    // Not JSON: a poison message; it has no return to name.
  }
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    eventId: headerText(message.headers, EventHeaders.id) ?? null,
    eventType: headerText(message.headers, EventHeaders.type) ?? null,
    returnId,
    key: message.key?.toString('utf8') ?? null,
  };
}
