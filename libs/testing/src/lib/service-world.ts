/**
 * One service per test file, on real Postgres and real Kafka: the application its main.ts starts
 * (REST, consumer, outbox relay, sweepers), on a ground of its own (`prepareNamespacedGround`), with
 * a reader of every catalogue topic the service publishes to, its dead-letter topic included. Each
 * service's world (`services/<service>/test/support/*-world.ts`) is this plus what is its own: its
 * clock, its fakes, the helpers that play the services it listens to and read what it published.
 *
 *   const world = useServiceWorld({
 *     prefix: 'qc-inspections',
 *     service: Services.warehouseQc,
 *     load: loadQcConfig,
 *     start: (config) => startQc(config, { logger: false, clock }),
 *     extend: (service) => ({ inspectionOf: (returnId) => service.bodyOnceItHolds(...) }),
 *   });
 */
import {
  catalogueTopics,
  isTopicFamily,
  type EventClass,
  type EventPayload,
  type ServiceDefinition,
  type TopicDefinition,
} from '@rebound/contracts';
import { logicalTopic, physicalTopic } from '@rebound/kafka';
import { decodedEvents, type DecodedTestEvent } from './decoded-events';
import { publishEvent, type EventToPublish } from './publish-event';
import { jsonHttp, prepareNamespacedGround, type JsonHttp, type ServiceGround } from './service-ground';
import { TestConsumer, type SeenMessage } from './test-consumer';
import type { TestIssuer } from './test-issuer';
import type { TestSchema } from './test-schema';
import { waitUntil } from './wait-until';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

/** What a world needs of the application its service's bootstrap starts. */
export interface RunningService {
  readonly app: { close(): Promise<unknown> };
  readonly httpUrl: string;
}

/** What a test waits for in the events it reads. */
export type EventsDone = (events: DecodedTestEvent[]) => boolean;

export interface ServiceWorld<A extends RunningService> {
  readonly namespace: string;
  readonly schema: TestSchema;
  /** The running application (a new one after `restart`). */
  readonly app: A;
  /** The OIDC issuer the service trusts, for tokens of any caller a test needs. */
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission; `http` (and a world's `grpc`) send it. */
  readonly trustedCaller: { readonly authorization: string };
  /** Calls the service's REST API as the trusted caller (on its new port after `restart`). */
  readonly http: JsonHttp;
  /** Everything the service published to its catalogue topics and its dead-letter topic. */
  readonly published: TestConsumer;
  /** The name a catalogue topic has in this world's namespace. */
  physical(logicalTopic: string): string;
  /** Publishes another service's event to its catalogue topic, keyed by `subject`; returns its `ce_id`. */
  publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    subject: string,
    options?: Omit<EventToPublish<T>, 'eventClass' | 'data' | 'subject'>,
  ): Promise<string>;
  /** What the service published on one of its topics about `subject`, decoded, in order. */
  eventsAbout(topic: TopicDefinition, known: readonly EventClass[], subject: string): DecodedTestEvent[];
  /** Waits until `eventsAbout(topic, known, subject)` satisfies `done`, and returns them. */
  waitForEventsAbout(
    topic: TopicDefinition,
    known: readonly EventClass[],
    subject: string,
    what: string,
    done: EventsDone,
  ): Promise<DecodedTestEvent[]>;
  /** Messages the service dead-lettered. */
  deadLetters(): SeenMessage[];
  /** Waits until `deadLetters()` satisfies `done`, and returns them. */
  waitForDeadLetters(what: string, done: (messages: SeenMessage[]) => boolean): Promise<SeenMessage[]>;
  /** Waits until GET `path` answers 200 with a body `done` holds for (any body by default), and returns it. */
  bodyOnceItHolds(path: string, what: string, done?: (body: Json) => boolean): Promise<Json>;
  /** Starts reading more topics (physical names), for the rest of the file. */
  watch(physicalTopics: readonly string[]): Promise<TestConsumer>;
  /**
   * Stops the service, runs `whileStopped`, and starts it again with the same configuration, on the
   * same schema and topics, as a deployment would.
   */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
}

export interface ServiceWorldOptions<C, A extends RunningService, E extends object> {
  /** Names the ground's schema and topic namespace. */
  readonly prefix: string;
  /** The service's entry in `Services`: which topics it publishes to, and its dead-letter topic. */
  readonly service: ServiceDefinition;
  /** Variables over the ground's, worked out once the ground exists (its namespace, a free port). */
  readonly env?: Record<string, string> | ((ground: ServiceGround) => Promise<Record<string, string>>);
  /** The service's configuration loader. */
  readonly load: (env: NodeJS.ProcessEnv) => C;
  /** Its bootstrap, quiet: called at the start and on every `restart`. */
  readonly start: (config: C) => Promise<A>;
  /** What the service's own world adds: its helpers and clients. */
  readonly extend?: (world: ServiceWorld<A>) => E | Promise<E>;
  /** Releases what `env` or `extend` started, once the application is closed. */
  readonly stop?: () => Promise<void> | void;
}

/**
 * Sets up the world before the file's tests (inside `describe`) and tears it down after them; the
 * function returned hands it to the tests.
 */
export function useServiceWorld<C, A extends RunningService, E extends object = object>(
  options: ServiceWorldOptions<C, A, E>,
): () => ServiceWorld<A> & E {
  const { prefix, service, env = {}, load, start, extend, stop } = options;
  let world: (ServiceWorld<A> & E) | undefined;
  let ground: ServiceGround | undefined;
  let app: A | undefined;
  const readers: TestConsumer[] = [];

  beforeAll(async () => {
    ground = await prepareNamespacedGround(prefix);
    const { namespace, schema, issuer, trustedCaller } = ground;
    const config = load({ ...process.env, ...ground.env, ...(typeof env === 'function' ? await env(ground) : env) });
    app = await start(config);
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const logical = (topic: string) => logicalTopic(namespace, topic);
    const watch = async (topics: readonly string[]) => {
      const reader = await TestConsumer.start(topics);
      readers.push(reader);
      return reader;
    };
    // Its dead-letter topic among them: the catalogue names the service its producer.
    const published = await watch(
      catalogueTopics()
        .filter((topic) => topic.producer === service.name)
        .map((topic) => physical(topic.name)),
    );
    const running = () => {
      if (!app) throw new Error(`${service.name} is not running`);
      return app;
    };
    // The port changes when the service restarts.
    const http: JsonHttp = (method, path, body, headers) =>
      jsonHttp(running().httpUrl, trustedCaller)(method, path, body, headers);
    const eventsAbout = (topic: TopicDefinition, known: readonly EventClass[], subject: string) =>
      decodedEvents(published.on(physical(topic.name)), known, logical).filter((event) => event.subject === subject);
    const deadLetters = () => published.on(physical(service.deadLetterTopic.name));
    const base: ServiceWorld<A> = {
      namespace,
      schema,
      get app() {
        return running();
      },
      issuer,
      trustedCaller,
      http,
      published,
      physical,
      publish(eventClass, data, subject, more = {}) {
        if (isTopicFamily(eventClass.topic)) throw new Error(`${eventClass.eventType} goes to a partner topic`);
        return publishEvent(physical(eventClass.topic.name), { eventClass, data, subject, ...more });
      },
      eventsAbout,
      async waitForEventsAbout(topic, known, subject, what, done) {
        await published.waitFor(what, () => done(eventsAbout(topic, known, subject)));
        return eventsAbout(topic, known, subject);
      },
      deadLetters,
      async waitForDeadLetters(what, done) {
        await published.waitFor(what, () => done(deadLetters()));
        return deadLetters();
      },
      bodyOnceItHolds: (path, what, done = () => true) =>
        waitUntil(what, async () => {
          const answer = await http('GET', path);
          return answer.status === 200 && done(answer.body) && answer.body;
        }),
      watch,
      async restart(whileStopped) {
        await running().app.close();
        app = undefined;
        await whileStopped?.();
        app = await start(config);
      },
    };
    const own = extend ? await extend(base) : ({} as E);
    // Copied as they are, so that the base's `app` stays a getter rather than being read once.
    world = Object.defineProperties(
      Object.defineProperties({}, Object.getOwnPropertyDescriptors(base)),
      Object.getOwnPropertyDescriptors(own),
    ) as ServiceWorld<A> & E;
  }, 60_000);

  afterAll(async () => {
    for (const reader of readers) await reader.stop();
    await app?.app.close();
    await stop?.();
    await ground?.dispose();
  }, 60_000);

  return () => {
    if (!world) throw new Error(`the ${service.name} world is not set up (call its use…World inside describe)`);
    return world;
  };
}
