/**
 * One pickup-scheduling per test file (`useServiceWorld`: real Postgres and real Kafka, a schema and
 * the topic catalogue under a namespace of its own), with its consumer, outbox relay and expiry
 * sweeper, and a clock the test can move. Tests play returns-intake (ReturnApproved, ReturnCancelled)
 * with `publish`; helpers play the partners (tracking topics, signed webhooks) and read what the
 * service really published.
 */
import { randomUUID } from 'node:crypto';
import {
  PartnerBookingEvents,
  PartnerCoverageEvents,
  PartnerTopics,
  PickupEvents,
  Services,
  Topics,
  TrackingReported,
} from '@rebound/contracts';
import { logicalTopic } from '@rebound/kafka';
import { TestClock } from '@rebound/kernel/testing';
import {
  TestConsumer,
  decodedEvents,
  jsonHttp,
  publishEvent,
  useServiceWorld,
  type DecodedTestEvent,
  type EventsDone,
  type JsonAnswer,
  type JsonHttp,
  type ServiceWorld,
} from '@rebound/testing';
import { signWebhook } from '../../src/api/webhook-signature';
import { PickupsApplication, startPickups } from '../../src/bootstrap';
import { loadPickupsConfig } from '../../src/config/pickups-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface PickupsWorld extends ServiceWorld<PickupsApplication> {
  readonly clock: TestClock;
  /** Calls as a partner's webhook does: with no token unless the call gives one. */
  readonly partnerHttp: JsonHttp;
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
  waitForPickupEvents(returnId: string, what: string, done: EventsDone): Promise<DecodedTestEvent[]>;
  waitForBookings(partnerId: string, returnId: string, what: string, done: EventsDone): Promise<DecodedTestEvent[]>;
  /** The pickup booked for a return, once there is one (GET /v1/pickups/{id}, history included). */
  pickupOf(returnId: string): Promise<Json>;
  /** The PartnerCoverageChanged announcements of a partner on `pickups.partner.v1`, in order. */
  coverageOf(partnerId: string): DecodedTestEvent[];
  waitForCoverage(partnerId: string, what: string, done: EventsDone): Promise<DecodedTestEvent[]>;
}

/**
 * `env`: settings of this world's service on top of the test defaults; `KEYCLOAK_ENV` makes it trust
 * the local Keycloak instead of the test issuer (then `http`'s trusted caller is refused: pass tokens).
 */
export function usePickupsWorld(prefix: string, env: Record<string, string> = {}): () => PickupsWorld {
  const clock = new TestClock();
  return useServiceWorld({
    prefix,
    service: Services.pickupScheduling,
    env: { KAFKA_TOPIC_PARTITIONS: '3', EXPIRY_SWEEP_INTERVAL_MS: '1000', ...env },
    load: loadPickupsConfig,
    start: (config) => startPickups(config, { logger: false, clock }),
    extend: (world) => {
      const bookingReaders = new Map<string, TestConsumer>();
      const bookingReader = (partnerId: string) => {
        const reader = bookingReaders.get(partnerId);
        if (!reader) throw new Error(`call watchBookings('${partnerId}') first`);
        return reader;
      };
      const bookings = (partnerId: string, returnId: string) =>
        decodedEvents(bookingReader(partnerId).messages, PartnerBookingEvents, (topic) =>
          logicalTopic(world.namespace, topic),
        ).filter((event) => event.subject === returnId);
      // The port changes when the service restarts.
      const partnerHttp: JsonHttp = (method, path, body, headers) =>
        jsonHttp(world.app.httpUrl)(method, path, body, headers);
      return {
        clock,
        partnerHttp,
        publishTracking: (partnerId: string, data: object, options: { id?: string; subject?: string } = {}) =>
          publishEvent(world.physical(PartnerTopics.tracking.nameFor(partnerId)), {
            eventClass: TrackingReported,
            // Deliberately unchecked: tests also send what a careless partner would.
            data: data as TrackingReported,
            subject: options.subject ?? String((data as { pickupId?: unknown }).pickupId ?? randomUUID()),
            id: options.id,
            source: `/partners/${partnerId}`,
          }),
        postWebhook: (
          partnerId: string,
          secret: string,
          body: object | string,
          options: { timestamp?: number; signature?: string } = {},
        ) => {
          const raw = typeof body === 'string' ? body : JSON.stringify(body);
          const timestamp = String(options.timestamp ?? Math.floor(clock.now().getTime() / 1000));
          return partnerHttp('POST', `/v1/partners/${partnerId}/tracking-events`, raw, {
            'content-type': 'application/json',
            'rebound-timestamp': timestamp,
            'rebound-signature': options.signature ?? signWebhook(secret, timestamp, raw),
          });
        },
        async watchBookings(partnerId: string) {
          if (bookingReaders.has(partnerId)) return;
          bookingReaders.set(partnerId, await world.watch([world.physical(PartnerTopics.bookings.nameFor(partnerId))]));
        },
        pickupEvents: (returnId: string) => world.eventsAbout(Topics.pickupsPickup, PickupEvents, returnId),
        bookings,
        waitForPickupEvents: (returnId: string, what: string, done: EventsDone) =>
          world.waitForEventsAbout(Topics.pickupsPickup, PickupEvents, returnId, what, done),
        async waitForBookings(partnerId: string, returnId: string, what: string, done: EventsDone) {
          await bookingReader(partnerId).waitFor(what, () => done(bookings(partnerId, returnId)));
          return bookings(partnerId, returnId);
        },
        async pickupOf(returnId: string) {
          const listed = await world.bodyOnceItHolds(
            `/v1/pickups?returnId=${returnId}`,
            `a pickup for return ${returnId}`,
            (body) => body.items?.[0] !== undefined,
          );
          return (await world.http('GET', `/v1/pickups/${listed.items[0].pickupId}`)).body;
        },
        coverageOf: (partnerId: string) => world.eventsAbout(Topics.pickupsPartner, PartnerCoverageEvents, partnerId),
        waitForCoverage: (partnerId: string, what: string, done: EventsDone) =>
          world.waitForEventsAbout(Topics.pickupsPartner, PartnerCoverageEvents, partnerId, what, done),
      };
    },
  });
}
