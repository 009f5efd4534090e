/**
 * One returns-intake per test file, on real Postgres (a schema of its own) and real Kafka (the whole
 * topic catalogue under a namespace of its own): the same application main.ts starts, with REST,
 * gRPC, the consumer and the outbox relay. Helpers publish other services' events the way they
 * would, and read what returns-intake really published. Before any test runs, a partner covering
 * every test address, method and window is announced (as pickup-scheduling would) and learned.
 */
import {
  EventClass,
  EventPayload,
  PartnerCoverageChanged,
  RETURN_METHODS,
  Services,
  Topics,
  isTopicFamily,
} from '@rebound/contracts';
import { physicalTopic } from '@rebound/kafka';
import {
  TestConsumer,
  freePort,
  jsonHttp,
  publishEvent,
  type EventToPublish,
  type JsonHttp,
  type ServiceGround,
  type TestSchema,
  type TestIssuer,
  waitUntil,
  prepareNamespacedGround,
} from '@rebound/testing';
import { IntakeApplication, startIntake } from '../../src/bootstrap';
import { loadIntakeConfig } from '../../src/config/intake-config';

export interface IntakeWorld {
  readonly namespace: string;
  readonly schema: TestSchema;
  readonly intake: IntakeApplication;
  /** Everything returns-intake published to `returns.return.v1` and its dead-letter topic. */
  readonly published: TestConsumer;
  readonly http: JsonHttp;
  /** The OIDC issuer the service trusts, for tokens of any caller a test needs. */
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission; `http` and `grpc` send it. */
  readonly trustedCaller: { readonly authorization: string };
  /** Publishes an event as its owning service would (CloudEvents headers, keyed by subject). */
  publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    options: Omit<EventToPublish<T>, 'eventClass' | 'data'>,
  ): Promise<string>;
  physical(logicalTopic: string): string;
  /** Announces a partner's coverage as pickup-scheduling would, and waits until returns-intake has learned it. */
  announceCoverage(coverage: Partial<PartnerCoverageChanged> & { partnerId: string }): Promise<void>;
  /** Stops the service, runs `whileStopped`, and starts it again on the same schema and topics, as a deployment would. */
  restart(whileStopped: () => Promise<void>): Promise<void>;
}

/** `env` goes over the ground's: a tiny rate limit, say, or `KEYCLOAK_ENV` to trust the local Keycloak instead of the test issuer. */
export function useIntakeWorld(prefix: string, env: Record<string, string> = {}): () => IntakeWorld {
  let world: IntakeWorld | undefined;
  let ground: ServiceGround | undefined;

  beforeAll(async () => {
    ground = await prepareNamespacedGround(prefix);
    const { namespace, schema, issuer, trustedCaller } = ground;
    const config = loadIntakeConfig({ ...process.env, ...ground.env, ...env, GRPC_PORT: String(await freePort()) });
    let intake = await startIntake(config, { logger: false });
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const published = await TestConsumer.start([
      physical(Topics.returnsReturn.name),
      physical(Services.returnsIntake.deadLetterTopic.name),
    ]);
    world = {
      issuer,
      trustedCaller,
      namespace,
      schema,
      get intake() {
        return intake;
      },
      published,
      physical,
      // The port changes when the service restarts.
      http: (method, path, body, headers) => jsonHttp(intake.httpUrl, trustedCaller)(method, path, body, headers),
      publish(eventClass, data, options) {
        if (isTopicFamily(eventClass.topic)) throw new Error(`${eventClass.eventType} goes to a partner topic`);
        return publishEvent(physical(eventClass.topic.name), { eventClass, data, ...options });
      },
      async announceCoverage(coverage) {
        const announced = { ...everywhere(), changedAt: new Date().toISOString(), ...coverage };
        await publishEvent(physical(Topics.pickupsPartner.name), {
          eventClass: PartnerCoverageChanged,
          data: announced,
          subject: announced.partnerId,
        });
        await waitUntil(`returns-intake to learn ${announced.partnerId}'s coverage`, async () => {
          const rows = await schema.query('SELECT 1 FROM partner_coverage WHERE partner_id = $1 AND changed_at = $2', [
            announced.partnerId,
            announced.changedAt,
          ]);
          return rows.length === 1;
        });
      },
      async restart(whileStopped) {
        await intake.app.close();
        await whileStopped();
        intake = await startIntake(config, { logger: false });
      },
    };
    await world.announceCoverage({ partnerId: 'test-everywhere' });
  }, 60_000);

  afterAll(async () => {
    await world?.published.stop();
    await world?.intake.app.close();
    await ground?.dispose();
  }, 60_000);

  return () => {
    if (!world) throw new Error('the intake world is not set up (useIntakeWorld must be called inside describe)');
    return world;
  };
}

/** Countries test orders ship to. */
const TEST_COUNTRIES = ['DE', 'FR', 'US', 'AT', 'NL', 'GB', 'ES', 'IT', 'PL', 'CH'];

/**
 * A partner every test return fits: the whole of every test country, every method, and an hour-long
 * slot every hour, so any window of two hours or more holds a whole slot.
 */
export function everywhere(): Omit<PartnerCoverageChanged, 'changedAt'> {
  return {
    partnerId: 'test-everywhere',
    active: true,
    serviceAreas: TEST_COUNTRIES.map((country) => ({ country, postalPrefixes: [] })),
    capabilities: [...RETURN_METHODS],
    slotWindows: Array.from({ length: 24 }, (_, hour) => ({
      start: `${String(hour).padStart(2, '0')}:00`,
      end: hour === 23 ? '24:00' : `${String(hour + 1).padStart(2, '0')}:00`,
      capacity: 100,
    })),
    horizonDays: 60,
  };
}
