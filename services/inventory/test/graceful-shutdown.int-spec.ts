/**
 * What an orchestrator's SIGTERM does to inventory in the middle of a burst of inspections. The
 * process drains — finishes the events in hand, commits their offsets, stops the outbox relay,
 * closes the database — and exits by itself within the grace period; the process that takes over
 * applies exactly the rest. inventory runs here as its own process, on a schema and topic namespace
 * of its own; every inspection restocks one sku at one warehouse, so its level counts them all.
 */
import { randomUUID } from 'node:crypto';
import { logicalTopic, physicalGroupId, physicalTopic } from '@rebound/kafka';
import { InspectionCompleted, Services, StockEvents, StockLevelEvents, Topics } from '@rebound/contracts';
import {
  TestConsumer,
  TsProcess,
  committedOffsets,
  decodedEvents,
  endOffsets,
  freePort,
  jsonHttp,
  publishEvents,
  waitUntil,
  type JsonHttp,
  type ServiceGround,
  prepareNamespacedGround,
} from '@rebound/testing';
import { freshSku, inspectedLine, inspectionCompleted } from './support/fixtures';

jest.setTimeout(300_000);

const WAREHOUSE = 'wh-drain';
const BURST = 300;
/** The SIGTERM goes out once this many are applied: well into the burst, far from its end. */
const SIGTERM_AFTER = 40;
/** What scripts/up gives a process between SIGTERM and SIGKILL (a Kubernetes pod gets 30 s). */
const GRACE_MS = 20_000;
/** The drain, in the order its steps must happen; a line each. */
const DRAIN = [
  'consumer stopping: finishing in-flight work',
  'consumer stopped',
  'outbox relay stopped',
  'database connections closed',
];
const GROUP = `${Services.inventory.name}.main`;

interface InboxRow extends Record<string, unknown> {
  event_id: string;
  partition: number;
  offset: string;
}

interface OutboxRow extends Record<string, unknown> {
  event_id: string;
  topic: string;
  published_at: Date | null;
}

describe('an inventory process stopped with SIGTERM while a burst of inspections comes in', () => {
  let ground: ServiceGround;
  let published: TestConsumer;
  const processes: TsProcess[] = [];
  const physical = (topic: string) => physicalTopic(ground.namespace, topic);
  const logical = (topic: string) => logicalTopic(ground.namespace, topic);

  beforeAll(async () => {
    ground = await prepareNamespacedGround('inventory-drain');
    published = await TestConsumer.start([
      physical(Topics.inventoryStock.name),
      physical(Topics.inventoryStockLevel.name),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const running of processes) await running.ensureStopped();
    await published?.stop();
    await ground?.dispose();
  }, 60_000);

  /** A new inventory process on the test's schema and namespace, once it serves. */
  async function startInventory(): Promise<{ process: TsProcess; http: JsonHttp }> {
    const port = await freePort();
    const inventory = TsProcess.spawn(
      'services/inventory/src/main.ts',
      // debug: each event applied (or ignored as a redelivery) is a line, which the test counts.
      { ...ground.env, HTTP_PORT: String(port), GRPC_PORT: String(await freePort()), LOG_LEVEL: 'debug' },
      `inventory #${processes.length + 1}`,
    );
    processes.push(inventory);
    await inventory.waitForLine(/REST on/, 60_000);
    return { process: inventory, http: jsonHttp(`http://127.0.0.1:${port}`, ground.trustedCaller) };
  }

  /** SIGTERM, then how the process ended, or undefined if it was still running when the grace period ran out. */
  async function terminate(inventory: TsProcess): Promise<Awaited<TsProcess['exited']> | undefined> {
    inventory.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), GRACE_MS)));
    try {
      return await Promise.race([inventory.exited, graceOver]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The drain steps the process logged, in the order it logged them; the last is written just before it exits. */
  async function drainSteps(inventory: TsProcess): Promise<string[]> {
    // Output can still be in the pipe when the process has exited.
    await inventory.waitForLine(/database connections closed/, 10_000);
    return inventory.lines.flatMap((line) => DRAIN.filter((step) => line.includes(step)));
  }

  const logged = (inventory: TsProcess, msg: string) =>
    inventory.lines.filter((line) => line.includes(`"msg":"${msg}"`)).length;
  const errorsLogged = (inventory: TsProcess) => inventory.lines.filter((line) => /"level":"(error|fatal)"/.test(line));

  const inbox = () =>
    ground.schema.query<InboxRow>('SELECT event_id, "partition", "offset" FROM inbox WHERE consumer_group = $1', [
      GROUP,
    ]);
  const outbox = () => ground.schema.query<OutboxRow>('SELECT event_id, topic, published_at FROM outbox');

  async function level(sku: string): Promise<{ sellable: number; version: number }> {
    const [row] = await ground.schema.query<{ sellable: number; version: string }>(
      'SELECT sellable, version FROM stock_levels WHERE sku = $1 AND warehouse_id = $2',
      [sku, WAREHOUSE],
    );
    return { sellable: row?.sellable ?? 0, version: Number(row?.version ?? 0) };
  }

  /** Per partition of the inspection topic: the offset after the last event applied (0 when none). */
  function appliedUpTo(rows: readonly InboxRow[], partitions: number): number[] {
    return Array.from({ length: partitions }, (_, partition) =>
      rows
        .filter((row) => row.partition === partition)
        .reduce((next, row) => Math.max(next, Number(row.offset) + 1), 0),
    );
  }

  it('a SIGTERM in the middle of a burst loses no event and applies none twice', async () => {
    const sku = freshSku('DRN');
    // 1, 2 or 3 units each: a lost or doubled inspection changes the total by an amount the count shows.
    const burst = Array.from({ length: BURST }, (_, index) => {
      const returnId = randomUUID();
      const units = 1 + (index % 3);
      return {
        eventClass: InspectionCompleted,
        subject: returnId,
        data: inspectionCompleted(returnId, WAREHOUSE, [
          inspectedLine({ sku, expectedQuantity: units, receivedQuantity: units }),
        ]),
      };
    });
    const inspectionTopic = physical(Topics.warehouseInspection.name);
    const group = physicalGroupId(ground.namespace, GROUP);

    const first = await startInventory();
    // One send: the whole burst is on the broker before the service has applied much of it.
    const eventIds = await publishEvents(inspectionTopic, burst);
    const unitsById = new Map(eventIds.map((id, index) => [id, burst[index].data.lines[0].receivedQuantity]));
    const unitsOf = (ids: readonly string[]) => ids.reduce((sum, id) => sum + (unitsById.get(id) ?? NaN), 0);
    await waitUntil(
      `${SIGTERM_AFTER} inspections of the burst applied`,
      async () => {
        const stock = await first.http('GET', `/v1/stock/${sku}`);
        return stock.status === 200 && stock.body.warehouses[0].version >= SIGTERM_AFTER;
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );

    const exit = await terminate(first.process);
    // A drained exit is a clean one: exit code 0 (configureHttpApp's shutdown hooks exit the process).
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await drainSteps(first.process)).toEqual(DRAIN);
    expect(errorsLogged(first.process)).toEqual([]);

    // Mid-burst, really: some applied, not all.
    const appliedFirst = await inbox();
    const before = appliedFirst.length;
    expect(before).toBeGreaterThanOrEqual(SIGTERM_AFTER);
    expect(before).toBeLessThan(BURST);
    // Every event the inbox records had its effect, and no other did.
    expect(await level(sku)).toEqual({
      sellable: unitsOf(appliedFirst.map((row) => row.event_id)),
      version: before,
    });
    // Offsets committed up to exactly what was applied, per partition: nothing applied goes round again.
    const partitions = (await endOffsets(inspectionTopic)).size;
    const committed = await committedOffsets(group, inspectionTopic);
    const committedUpTo = Array.from({ length: partitions }, (_, partition) =>
      Math.max(committed.get(partition) ?? -1, 0),
    );
    expect(committedUpTo).toEqual(appliedUpTo(appliedFirst, partitions));
    // A StockLevelChanged and a StockRestocked per inspection applied; what the relay had not sent waits there.
    expect(await outbox()).toHaveLength(2 * before);

    const second = await startInventory();
    const settled = await waitUntil(
      'the whole burst applied by the process that took over',
      async () => {
        const stock = await second.http('GET', `/v1/stock/${sku}`);
        return stock.status === 200 && stock.body.warehouses[0].version === BURST && stock.body;
      },
      { timeoutMs: 180_000, intervalMs: 200 },
    );
    expect(settled.totals.sellable).toBe(unitsOf(eventIds));
    expect((await second.http('GET', '/v1/ledger/check')).body).toMatchObject({ consistent: true });
    // It applied exactly the rest, and was handed nothing the first process had applied.
    expect(logged(second.process, 'event applied')).toBe(BURST - before);
    expect(logged(second.process, 'event already handled; redelivery ignored')).toBe(0);
    expect((await inbox()).map((row) => row.event_id).sort()).toEqual([...eventIds].sort());

    const rows = await waitUntil(
      'the outbox relayed',
      async () => {
        const all = await outbox();
        return all.every((row) => row.published_at !== null) && all;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(rows).toHaveLength(2 * BURST);
    const outboxIds = (topic: string) =>
      rows
        .filter((row) => row.topic === topic)
        .map((row) => row.event_id)
        .sort();
    const onKafka = {
      [Topics.inventoryStock.name]: () =>
        decodedEvents(published.on(physical(Topics.inventoryStock.name)), StockEvents, logical),
      [Topics.inventoryStockLevel.name]: () =>
        decodedEvents(published.on(physical(Topics.inventoryStockLevel.name)), StockLevelEvents, logical),
    };
    const kafkaIds = (topic: string) => [...new Set(onKafka[topic]().map((event) => event.id))].sort();
    await published.waitFor(
      'every outbox row on Kafka',
      () => Object.keys(onKafka).every((topic) => kafkaIds(topic).length === outboxIds(topic).length),
      60_000,
    );
    for (const topic of Object.keys(onKafka)) expect(kafkaIds(topic)).toEqual(outboxIds(topic));
    // Channels see every level the sku went through, once each at least: versions 1 to BURST.
    const versions = new Set(onKafka[Topics.inventoryStockLevel.name]().map((event) => Number(event.data.version)));
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: BURST }, (_, i) => i + 1));

    // The successor drains the same way, with every offset of the burst committed.
    expect(await terminate(second.process)).toEqual({ code: 0, signal: null });
    expect(await drainSteps(second.process)).toEqual(DRAIN);
    expect(errorsLogged(second.process)).toEqual([]);
    expect(await committedOffsets(group, inspectionTopic)).toEqual(await endOffsets(inspectionTopic));
  });
});
