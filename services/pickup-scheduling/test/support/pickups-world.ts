/**
 * One pickup-scheduling per test file, on real Postgres (a schema of its own) and real Kafka (the
 * topic catalogue under a namespace of its own): the application main.ts starts, with its consumer,
 * outbox relay and expiry sweeper, and a clock the test can move. Helpers play returns-intake
 * (ReturnApproved, ReturnCancelled) and the partners (tracking topics, signed webhooks), read what
 * the service really published, and restart it on the same schema and topics.
 */
import { randomUUID } from 'node:crypto';
import {
  PartnerTopics,
  Services,
  Topics,
  type EventClass,
  type EventPayload,
  PartnerBookingEvents,
  PartnerCoverageEvents,
  PickupEvents,
  TrackingReported,
  isTopicFamily,
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
  type JsonAnswer,
  type JsonHttp,
  type SeenMessage,
  type ServiceGround,
  type TestSchema,
  type TestIssuer,
  prepareNamespacedGround,
} from '@rebound/testing';
import { signWebhook } from '../../src/api/webhook-signature';
import { PickupsApplication, startPickups } from '../../src/bootstrap';
import { loadPickupsConfig } from '../../src/config/pickups-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface PickupsWorld {
  readonly namespace: string;
  /** The running application (a new one after `restart`). */
  readonly app: PickupsApplication;
  readonly clock: TestClock;
  readonly schema: TestSchema;
  readonly http: JsonHttp;
  /** Calls as a partner's webhook does: with no token unless the call gives one. */
  readonly partnerHttp: JsonHttp;
  /** The OIDC issuer the service trusts, for tokens of any caller a test needs. */
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission; `http` and `grpc` send it. */
  readonly trustedCaller: { readonly authorization: string };
  /** Publishes an event of another service (returns-intake) to its catalogue topic. */
  publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, subject: string): Promise<string>;
  /** Publishes a partner's tracking event to `partners.<partnerId>.tracking.v1`. */
  publishTracking(partnerId: string, data: object, options?: { id?: string; subject?: string }): Promise<string>;
  /** Posts a webhook signed with `secret` now (or at `timestamp`), with no token. */
  postWebhook(
    partnerId: string,
    secret: string,
    body: object | string,
    options?: { timestamp?: number; signature?: string },
  ): Promise<JsonAnswer>;
  /** Starts reading the partner's bookings topic (call once it exists, i.e. after registering the partner). */
  watchBookings(partnerId: string): Promise<void>;
  /** What the service published about a return on `pickups.pickup.v1`, in order. */
  pickupEvents(returnId: string): DecodedTestEvent[];
  /** What the service sent the partner about a return on its bookings topic, in order. */
  bookings(partnerId: string, returnId: string): DecodedTestEvent[];
  /** Waits until `pickupEvents(returnId)` satisfies `done`. */
  waitForPickupEvents(
    returnId: string,
    what: string,
    done: (events: DecodedTestEvent[]) => boolean,
  ): Promise<DecodedTestEvent[]>;
  waitForBookings(
    partnerId: string,
    returnId: string,
    what: string,
    done: (events: DecodedTestEvent[]) => boolean,
  ): Promise<DecodedTestEvent[]>;
  /** The pickup booked for a return, once there is one (GET /v1/pickups/{id}, history included). */
  pickupOf(returnId: string): Promise<Json>;
  /** The PartnerCoverageChanged announcements of a partner on `pickups.partner.v1`, in order. */
  coverageOf(partnerId: string): DecodedTestEvent[];
  waitForCoverage(
    partnerId: string,
    what: string,
    done: (events: DecodedTestEvent[]) => boolean,
  ): Promise<DecodedTestEvent[]>;
  /** Stops the service and starts it again on the same schema and topics, as a deployment would. */
  restart(): Promise<void>;
  /** Messages the service dead-lettered. */
  deadLetters(): SeenMessage[];
  waitForDeadLetter(what: string, done: (messages: SeenMessage[]) => boolean): Promise<SeenMessage[]>;
}

/**
 * `env`: settings of this world's service on top of the test defaults; `KEYCLOAK_ENV` makes it trust
 * the local Keycloak instead of the test issuer (then `http`'s trusted caller is refused: pass tokens).
 */
export function usePickupsWorld(prefix: string, env: Record<string, string> = {}): () => PickupsWorld {
  let world: PickupsWorld | undefined;
  let ground: ServiceGround | undefined;
  const consumers: TestConsumer[] = [];

  beforeAll(async () => {
    ground = await prepareNamespacedGround(prefix);
    const { namespace, schema, issuer, trustedCaller } = ground;
    const config = loadPickupsConfig({
      ...process.env,
      ...ground.env,
      KAFKA_TOPIC_PARTITIONS: '3',
      EXPIRY_SWEEP_INTERVAL_MS: '1000',
      ...env,
    });
    const clock = new TestClock();
    let app = await startPickups(config, { logger: false, clock });
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const published = await TestConsumer.start([
      physical(Topics.pickupsPickup.name),
      physical(Topics.pickupsPartner.name),
      physical(Services.pickupScheduling.deadLetterTopic.name),
    ]);
    consumers.push(published);
    const bookingReaders = new Map<string, TestConsumer>();
    const logical = (topic: string) => logicalTopic(namespace, topic);
    const about = (events: DecodedTestEvent[], returnId: string) =>
      events.filter((event) => event.subject === returnId);
    const pickupEvents = (returnId: string) =>
      about(decodedEvents(published.on(physical(Topics.pickupsPickup.name)), PickupEvents, logical), returnId);
    const bookings = (partnerId: string, returnId: string) => {
      const reader = bookingReaders.get(partnerId);
      if (!reader) throw new Error(`call watchBookings('${partnerId}') first`);
      return about(decodedEvents(reader.messages, PartnerBookingEvents, logical), returnId);
    };
    const coverageOf = (partnerId: string) =>
      about(
        decodedEvents(published.on(physical(Topics.pickupsPartner.name)), PartnerCoverageEvents, logical),
        partnerId,
      );
    // The port changes when the service restarts.
    const http: JsonHttp = (method, path, body, headers) =>
      jsonHttp(app.httpUrl, trustedCaller)(method, path, body, headers);
    const partnerHttp: JsonHttp = (method, path, body, headers) => jsonHttp(app.httpUrl)(method, path, body, headers);
    world = {
      issuer,
      trustedCaller,
      namespace,
      get app() {
        return app;
      },
      clock,
      schema,
      http,
      partnerHttp,
      publish: (eventClass, data, subject) => {
        if (isTopicFamily(eventClass.topic)) throw new Error(`${eventClass.eventType} goes to a partner topic`);
        return publishEvent(physical(eventClass.topic.name), { eventClass, data, subject });
      },
      publishTracking: (partnerId, data, options = {}) =>
        publishEvent(physical(PartnerTopics.tracking.nameFor(partnerId)), {
          eventClass: TrackingReported,
          // Deliberately unchecked: tests also send what a careless partner would.
          data: data as TrackingReported,
          subject: options.subject ?? String((data as { pickupId?: unknown }).pickupId ?? randomUUID()),
          id: options.id,
          source: `/partners/${partnerId}`,
        }),
      postWebhook: (partnerId, secret, body, options = {}) => {
        const raw = typeof body === 'string' ? body : JSON.stringify(body);
        const timestamp = String(options.timestamp ?? Math.floor(clock.now().getTime() / 1000));
        return partnerHttp('POST', `/v1/partners/${partnerId}/tracking-events`, raw, {
          'content-type': 'application/json',
          'rebound-timestamp': timestamp,
          'rebound-signature': options.signature ?? signWebhook(secret, timestamp, raw),
        });
      },
      async watchBookings(partnerId) {
        if (bookingReaders.has(partnerId)) return;
        const reader = await TestConsumer.start([physical(PartnerTopics.bookings.nameFor(partnerId))]);
        consumers.push(reader);
        bookingReaders.set(partnerId, reader);
      },
      pickupEvents,
      bookings,
      async waitForPickupEvents(returnId, what, done) {
        await published.waitFor(what, () => done(pickupEvents(returnId)));
        return pickupEvents(returnId);
      },
      async waitForBookings(partnerId, returnId, what, done) {
        const reader = bookingReaders.get(partnerId);
        if (!reader) throw new Error(`call watchBookings('${partnerId}') first`);
        await reader.waitFor(what, () => done(bookings(partnerId, returnId)));
        return bookings(partnerId, returnId);
      },
      async pickupOf(returnId) {
        const listed = await waitUntil(`a pickup for return ${returnId}`, async () => {
          const answer = await http('GET', `/v1/pickups?returnId=${returnId}`);
          return answer.body.items?.[0];
        });
        return (await http('GET', `/v1/pickups/${listed.pickupId}`)).body;
      },
      coverageOf,
      async waitForCoverage(partnerId, what, done) {
        await published.waitFor(what, () => done(coverageOf(partnerId)));
        return coverageOf(partnerId);
      },
      async restart() {
        await app.app.close();
        app = await startPickups(config, { logger: false, clock });
      },
      deadLetters: () => published.on(physical(Services.pickupScheduling.deadLetterTopic.name)),
      waitForDeadLetter: (what, done) =>
        published.waitFor(what, () => done(published.on(physical(Services.pickupScheduling.deadLetterTopic.name)))),
    };
  }, 60_000);

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await world?.app.app.close();
    await ground?.dispose();
  }, 60_000);

  return () => {
    if (!world) throw new Error('the pickups world is not set up (usePickupsWorld must be called inside describe)');
    return world;
  };
}
