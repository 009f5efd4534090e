/**
 * One warehouse-qc per test file, on real Postgres and real Kafka (a schema and a topic namespace of
 * its own), with a clock the test can move. Helpers play returns-intake and pickup-scheduling
 * (ReturnApproved, ParcelDeliveredToWarehouse) and read what the service really published.
 */
import {
  InspectionEvents,
  Services,
  Topics,
  isTopicFamily,
  type EventClass,
  type EventPayload,
} from '@rebound/contracts';
import { logicalTopic, physicalTopic } from '@rebound/kafka';
import { TestClock } from '@rebound/kernel/testing';
import {
  TestConsumer,
  decodedEvents,
  jsonHttp,
  publishEvent,
  waitUntil,
  type DecodedTestEvent,
  type JsonHttp,
  type SeenMessage,
  type ServiceGround,
  type TestSchema,
  type TestIssuer,
  prepareNamespacedGround,
} from '@rebound/testing';
import { startQc, type QcApplication } from '../../src/bootstrap';
import { loadQcConfig } from '../../src/config/qc-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface QcWorld {
  readonly schema: TestSchema;
  readonly app: QcApplication;
  readonly clock: TestClock;
  readonly http: JsonHttp;
  /** The OIDC issuer the service trusts, for tokens of any caller a test needs. */
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission; `http` and `grpc` send it. */
  readonly trustedCaller: { readonly authorization: string };
  /** Publishes another service's event to its catalogue topic, keyed by the return. */
  publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, subject: string, id?: string): Promise<string>;
  /** The inspection of a return, once it is open. */
  inspectionOf(returnId: string): Promise<Json>;
  /** What the service published about a return on `warehouse.inspection.v1`, in order. */
  inspectionEvents(returnId: string): DecodedTestEvent[];
  waitForInspectionEvents(
    returnId: string,
    what: string,
    done: (events: DecodedTestEvent[]) => boolean,
  ): Promise<DecodedTestEvent[]>;
  /** Waits for the dead letter of the event with this `ce_id`. */
  waitForDeadLetter(eventId: string): Promise<SeenMessage>;
  readonly namespace: string;
}

export function useQcWorld(prefix: string): () => QcWorld {
  let world: QcWorld | undefined;
  let ground: ServiceGround | undefined;
  let published: TestConsumer | undefined;

  beforeAll(async () => {
    ground = await prepareNamespacedGround(prefix);
    const { namespace, schema, issuer, trustedCaller } = ground;
    const clock = new TestClock();
    const app = await startQc(loadQcConfig({ ...process.env, ...ground.env }), { logger: false, clock });
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const reader = await TestConsumer.start([
      physical(Topics.warehouseInspection.name),
      physical(Services.warehouseQc.deadLetterTopic.name),
    ]);
    published = reader;
    const http = jsonHttp(app.httpUrl, trustedCaller);
    const inspectionEvents = (returnId: string) =>
      decodedEvents(reader.on(physical(Topics.warehouseInspection.name)), InspectionEvents, (topic) =>
        logicalTopic(namespace, topic),
      ).filter((event) => event.subject === returnId);
    world = {
      issuer,
      trustedCaller,
      schema,
      app,
      clock,
      http,
      publish(eventClass, data, subject, id) {
        if (isTopicFamily(eventClass.topic)) throw new Error(`${eventClass.eventType} goes to a partner topic`);
        return publishEvent(physical(eventClass.topic.name), { eventClass, data, subject, id });
      },
      inspectionOf: (returnId) =>
        waitUntil(`an inspection of return ${returnId}`, async () => {
          const answer = await http('GET', `/v1/returns/${returnId}/inspection`);
          return answer.status === 200 && answer.body;
        }),
      inspectionEvents,
      async waitForInspectionEvents(returnId, what, done) {
        await reader.waitFor(what, () => done(inspectionEvents(returnId)));
        return inspectionEvents(returnId);
      },
      namespace,
      async waitForDeadLetter(eventId) {
        const dead = () =>
          reader
            .on(physical(Services.warehouseQc.deadLetterTopic.name))
            .find((message) => message.headers['ce_id'] === eventId);
        await reader.waitFor(`the dead letter of ${eventId}`, () => dead() !== undefined);
        return dead() as SeenMessage;
      },
    };
  }, 60_000);

  afterAll(async () => {
    await published?.stop();
    await world?.app.app.close();
    await ground?.dispose();
  }, 60_000);

  return () => {
    if (!world) throw new Error('the QC world is not set up (useQcWorld must be called inside describe)');
    return world;
  };
}
