/**
 * One inventory per test file, on real Postgres and real Kafka (a schema and a topic namespace of its
 * own), with a clock the test can move and a gRPC client. Helpers play pickup-scheduling and
 * warehouse-qc (ParcelPickedUp, ParcelDeliveredToWarehouse, InspectionCompleted) and read what the
 * service really published.
 */
import {
  Services,
  StockEvents,
  StockLevelEvents,
  Topics,
  isTopicFamily,
  type EventClass,
  type EventPayload,
} from '@rebound/contracts';
import { logicalTopic, physicalTopic } from '@rebound/kafka';
import { TestClock } from '@rebound/kernel/testing';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import {
  TestConsumer,
  decodedEvents,
  freePort,
  grpcTestClient,
  jsonHttp,
  publishEvent,
  waitUntil,
  type DecodedTestEvent,
  type GrpcTestClient,
  type JsonHttp,
  type ServiceGround,
  type TestSchema,
  type TestIssuer,
  prepareNamespacedGround,
} from '@rebound/testing';
import { INVENTORY_PROTO, startInventory, type InventoryApplication } from '../../src/bootstrap';
import { loadInventoryConfig } from '../../src/config/inventory-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface InventoryWorld {
  readonly namespace: string;
  readonly schema: TestSchema;
  readonly app: InventoryApplication;
  readonly clock: TestClock;
  readonly http: JsonHttp;
  /** The OIDC issuer the service trusts, for tokens of any caller a test needs. */
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission; `http` and `grpc` send it. */
  readonly trustedCaller: { readonly authorization: string };
  readonly grpc: GrpcTestClient;
  /** Publishes another service's event to its catalogue topic; returns its `ce_id`. */
  publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    subject: string,
    options?: { id?: string; time?: Date },
  ): Promise<string>;
  /** Runs SQL on the service's own schema (to tamper with a level, say). */
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  /** Waits until GET /v1/stock/{sku} answers and `done` holds for its body. */
  stockOnceItHolds(sku: string, what: string, done: (stock: Json) => boolean): Promise<Json>;
  /** What the service published on `inventory.stock.v1` about a return. */
  stockEvents(returnId: string): DecodedTestEvent[];
  waitForStockEvents(returnId: string, what: string, done: (events: DecodedTestEvent[]) => boolean): Promise<void>;
  /** Every StockLevelChanged of `<sku>@<warehouse>` on the compacted topic, in order. */
  levelEvents(key: string): DecodedTestEvent[];
  waitForLevelEvents(key: string, what: string, done: (events: DecodedTestEvent[]) => boolean): Promise<void>;
}

/** `env`: variables over the ground's (a tiny rate limit, say), or made for the world's topic namespace. */
export function useInventoryWorld(
  prefix: string,
  env: Record<string, string> | ((namespace: string) => Promise<Record<string, string>>) = {},
): () => InventoryWorld {
  let world: InventoryWorld | undefined;
  let ground: ServiceGround | undefined;
  let reader: TestConsumer | undefined;

  beforeAll(async () => {
    ground = await prepareNamespacedGround(prefix);
    const { namespace, schema, issuer, trustedCaller } = ground;
    const clock = new TestClock();
    const overrides = typeof env === 'function' ? await env(namespace) : env;
    const config = loadInventoryConfig({
      ...process.env,
      ...ground.env,
      ...overrides,
      GRPC_PORT: String(await freePort()),
    });
    const app = await startInventory(config, { logger: false, clock });
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const started = await TestConsumer.start([
      physical(Topics.inventoryStock.name),
      physical(Topics.inventoryStockLevel.name),
      physical(Services.inventory.deadLetterTopic.name),
    ]);
    reader = started;
    const http = jsonHttp(app.httpUrl, trustedCaller);
    const logical = (topic: string) => logicalTopic(namespace, topic);
    const levelEvents = (key: string) =>
      decodedEvents(started.on(physical(Topics.inventoryStockLevel.name)), StockLevelEvents, logical).filter(
        (event) => event.subject === key,
      );
    const stockEvents = (returnId: string) =>
      decodedEvents(started.on(physical(Topics.inventoryStock.name)), StockEvents, logical).filter(
        (event) => event.subject === returnId,
      );
    world = {
      issuer,
      trustedCaller,
      namespace,
      schema,
      app,
      clock,
      http,
      grpc: grpcTestClient(
        {
          protoPath: INVENTORY_PROTO,
          loader: PROTO_LOADER_OPTIONS,
          service: 'rebound.inventory.v1.InventoryService',
        },
        app.grpcAddress,
        trustedCaller,
      ),
      query: (sql, parameters) => schema.query(sql, parameters),
      publish(eventClass, data, subject, options = {}) {
        if (isTopicFamily(eventClass.topic)) throw new Error(`${eventClass.eventType} goes to a partner topic`);
        return publishEvent(physical(eventClass.topic.name), { eventClass, data, subject, ...options });
      },
      stockOnceItHolds: (sku, what, done) =>
        waitUntil(what, async () => {
          const answer = await http('GET', `/v1/stock/${encodeURIComponent(sku)}`);
          return answer.status === 200 && done(answer.body) && answer.body;
        }),
      stockEvents,
      async waitForStockEvents(returnId, what, done) {
        await started.waitFor(what, () => done(stockEvents(returnId)));
      },
      levelEvents,
      async waitForLevelEvents(key, what, done) {
        await started.waitFor(what, () => done(levelEvents(key)));
      },
    };
  }, 60_000);

  afterAll(async () => {
    world?.grpc.close();
    await reader?.stop();
    await world?.app.app.close();
    await ground?.dispose();
  }, 60_000);

  return () => {
    if (!world) throw new Error('the inventory world is not set up (useInventoryWorld must be called inside describe)');
    return world;
  };
}
