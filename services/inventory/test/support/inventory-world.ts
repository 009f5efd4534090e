/**
 * One inventory per test file (`useServiceWorld`: real Postgres and real Kafka, a schema and a topic
 * namespace of its own), with a clock the test can move and a gRPC client. Tests play
 * pickup-scheduling and warehouse-qc (ParcelPickedUp, ParcelDeliveredToWarehouse,
 * InspectionCompleted) with `publish`; helpers read the stock and what the service really published.
 */
import { Services, StockEvents, StockLevelEvents, Topics } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import {
  freePort,
  grpcTestClient,
  useServiceWorld,
  type DecodedTestEvent,
  type EventsDone,
  type GrpcTestClient,
  type ServiceGround,
  type ServiceWorld,
} from '@rebound/testing';
import { INVENTORY_PROTO, startInventory, type InventoryApplication } from '../../src/bootstrap';
import { loadInventoryConfig } from '../../src/config/inventory-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface InventoryWorld extends ServiceWorld<InventoryApplication> {
  readonly clock: TestClock;
  readonly grpc: GrpcTestClient;
  /** Runs SQL on the service's own schema (to tamper with a level, say). */
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  /** Waits until GET /v1/stock/{sku} answers and `done` holds for its body. */
  stockOnceItHolds(sku: string, what: string, done: (stock: Json) => boolean): Promise<Json>;
  /** What the service published on `inventory.stock.v1` about a return. */
  stockEvents(returnId: string): DecodedTestEvent[];
  waitForStockEvents(returnId: string, what: string, done: EventsDone): Promise<void>;
  /** Every StockLevelChanged of `<sku>@<warehouse>` on the compacted topic, in order. */
  levelEvents(key: string): DecodedTestEvent[];
  waitForLevelEvents(key: string, what: string, done: EventsDone): Promise<void>;
}

/** `env`: variables over the ground's (a tiny rate limit, say), or made for the world's topic namespace. */
export function useInventoryWorld(
  prefix: string,
  env: Record<string, string> | ((namespace: string) => Promise<Record<string, string>>) = {},
): () => InventoryWorld {
  const clock = new TestClock();
  let grpc: GrpcTestClient | undefined;
  return useServiceWorld({
    prefix,
    service: Services.inventory,
    env: async ({ namespace }: ServiceGround) => ({
      ...(typeof env === 'function' ? await env(namespace) : env),
      GRPC_PORT: String(await freePort()),
    }),
    load: loadInventoryConfig,
    start: (config) => startInventory(config, { logger: false, clock }),
    extend: (world) => {
      grpc = grpcTestClient(
        { protoPath: INVENTORY_PROTO, loader: PROTO_LOADER_OPTIONS, service: 'rebound.inventory.v1.InventoryService' },
        world.app.grpcAddress,
        world.trustedCaller,
      );
      return {
        clock,
        grpc,
        query: (sql: string, parameters?: unknown[]) => world.schema.query(sql, parameters),
        stockOnceItHolds: (sku: string, what: string, done: (stock: Json) => boolean) =>
          world.bodyOnceItHolds(`/v1/stock/${encodeURIComponent(sku)}`, what, done),
        stockEvents: (returnId: string) => world.eventsAbout(Topics.inventoryStock, StockEvents, returnId),
        async waitForStockEvents(returnId: string, what: string, done: EventsDone) {
          await world.waitForEventsAbout(Topics.inventoryStock, StockEvents, returnId, what, done);
        },
        levelEvents: (key: string) => world.eventsAbout(Topics.inventoryStockLevel, StockLevelEvents, key),
        async waitForLevelEvents(key: string, what: string, done: EventsDone) {
          await world.waitForEventsAbout(Topics.inventoryStockLevel, StockLevelEvents, key, what, done);
        },
      };
    },
    stop: () => grpc?.close(),
  });
}
