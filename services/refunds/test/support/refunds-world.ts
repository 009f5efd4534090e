/**
 * One refunds service per test file, on real Postgres and real Kafka (a schema and a topic namespace
 * of its own), paying through a real sandbox payment provider started for the file. Helpers play
 * returns-intake and warehouse-qc, script the provider, and read what was published and paid.
 */
import {
  RefundEvents,
  Services,
  StoreCreditEvents,
  Topics,
  isTopicFamily,
  type EventClass,
  type EventPayload,
} from '@rebound/contracts';
import { logicalTopic, physicalTopic } from '@rebound/kafka';
import {
  TestConsumer,
  TsProcess,
  decodedEvents,
  freePort,
  jsonHttp,
  publishEvent,
  waitUntil,
  type DecodedTestEvent,
  type JsonHttp,
  TestSchema,
  type ServiceGround,
  type TestIssuer,
  prepareNamespacedGround,
} from '@rebound/testing';
import { startRefunds, type RefundsApplication } from '../../src/bootstrap';
import { loadRefundsConfig } from '../../src/config/refunds-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

/** Fast retries and short deadlines, so that failure paths play out in seconds. */
export const FAST_PAYMENTS = {
  PAYMENT_TIMEOUT_MS: '500',
  PAYMENT_MAX_ATTEMPTS: '3',
  PAYMENT_RETRY_INITIAL_MS: '50',
  PAYMENT_RETRY_MAX_MS: '200',
  PAYMENT_LEASE_MS: '2000',
  PAYMENT_POLL_INTERVAL_MS: '25',
};

export interface RefundsWorld {
  readonly namespace: string;
  readonly schema: TestSchema;
  readonly app: RefundsApplication;
  readonly http: JsonHttp;
  /** The OIDC issuer the service trusts, for tokens of any caller a test needs. */
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission; `http` and `grpc` send it. */
  readonly trustedCaller: { readonly authorization: string };
  /** The sandbox provider's own API. */
  readonly provider: JsonHttp;
  publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, subject: string, id?: string): Promise<string>;
  /** The next provider calls against this charge come out as listed (then succeed). */
  script(chargeId: string, outcomes: readonly string[]): Promise<void>;
  /** Every refund the provider applied or declined against a charge. */
  providerRefunds(chargeId: string): Promise<Json[]>;
  /** Every claw-back charge the provider applied or declined against the payment method behind a charge. */
  providerCharges(chargeId: string): Promise<Json[]>;
  /** Waits until GET /v1/returns/{id}/refunds satisfies `done`. */
  refundsOnceThey(returnId: string, what: string, done: (body: Json) => boolean): Promise<Json>;
  refundEvents(returnId: string): DecodedTestEvent[];
  waitForRefundEvents(returnId: string, what: string, done: (events: DecodedTestEvent[]) => boolean): Promise<void>;
  /** The changes of a customer's store credit published on `refunds.store-credit.v1`, in order. */
  storeCreditEvents(customerId: string): DecodedTestEvent[];
  waitForStoreCreditEvents(
    customerId: string,
    what: string,
    done: (events: DecodedTestEvent[]) => boolean,
  ): Promise<void>;
}

export function useRefundsWorld(prefix: string, env: Record<string, string> = FAST_PAYMENTS): () => RefundsWorld {
  let world: RefundsWorld | undefined;
  let ground: ServiceGround | undefined;
  let sandbox: SandboxProcess | undefined;
  let reader: TestConsumer | undefined;

  beforeAll(async () => {
    ground = await prepareNamespacedGround(prefix);
    const { namespace, schema, issuer, trustedCaller } = ground;
    sandbox = await startSandboxProcess();
    const sandboxUrl = sandbox.url;
    const app = await startRefunds(
      loadRefundsConfig({ ...process.env, ...ground.env, ...env, PAYMENT_PROVIDER_URL: sandboxUrl }),
      { logger: false },
    );
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const started = await TestConsumer.start([
      physical(Topics.refundsRefund.name),
      physical(Topics.refundsStoreCredit.name),
      physical(Services.refunds.deadLetterTopic.name),
    ]);
    reader = started;
    const http = jsonHttp(app.httpUrl, trustedCaller);
    const provider = jsonHttp(sandboxUrl);
    const refundEvents = (returnId: string) =>
      decodedEvents(started.on(physical(Topics.refundsRefund.name)), RefundEvents, (topic) =>
        logicalTopic(namespace, topic),
      ).filter((event) => event.subject === returnId);
    const storeCreditEvents = (customerId: string) =>
      decodedEvents(started.on(physical(Topics.refundsStoreCredit.name)), StoreCreditEvents, (topic) =>
        logicalTopic(namespace, topic),
      ).filter((event) => event.subject === customerId);
    world = {
      issuer,
      trustedCaller,
      namespace,
      schema,
      app,
      http,
      provider,
      publish(eventClass, data, subject, id) {
        if (isTopicFamily(eventClass.topic)) throw new Error(`${eventClass.eventType} goes to a partner topic`);
        return publishEvent(physical(eventClass.topic.name), { eventClass, data, subject, id });
      },
      async script(chargeId, outcomes) {
        const answer = await provider('PUT', `/sandbox/scripts/${chargeId}`, { outcomes });
        if (answer.status !== 204) throw new Error(`scripting the sandbox failed: ${JSON.stringify(answer.body)}`);
      },
      providerRefunds: async (chargeId) => (await provider('GET', `/v1/refunds?paymentReference=${chargeId}`)).body,
      providerCharges: async (chargeId) => (await provider('GET', `/v1/charges?paymentReference=${chargeId}`)).body,
      refundsOnceThey: (returnId, what, done) =>
        waitUntil(what, async () => {
          const answer = await http('GET', `/v1/returns/${returnId}/refunds`);
          return answer.status === 200 && done(answer.body) && answer.body;
        }),
      refundEvents,
      async waitForRefundEvents(returnId, what, done) {
        await started.waitFor(what, () => done(refundEvents(returnId)));
      },
      storeCreditEvents,
      async waitForStoreCreditEvents(customerId, what, done) {
        await started.waitFor(what, () => done(storeCreditEvents(customerId)));
      },
    };
  }, 60_000);

  afterAll(async () => {
    await reader?.stop();
    await world?.app.app.close();
    await sandbox?.stop();
    await ground?.dispose();
  }, 60_000);

  return () => {
    if (!world) throw new Error('the refunds world is not set up (useRefundsWorld must be called inside describe)');
    return world;
  };
}

/** A sandbox payment provider process and the schema it keeps its refunds and charges in. */
export interface SandboxProcess {
  readonly url: string;
  /** Kills the process and drops its schema. */
  stop(): Promise<void>;
}

/**
 * The sandbox payment provider as the local stack runs it: its own process, here with a schema of its
 * own. A call it is told to leave unanswered is held for `hangMs` (2 s by default, past the service's
 * 500 ms deadline).
 */
export async function startSandboxProcess(options: { readonly hangMs?: number } = {}): Promise<SandboxProcess> {
  const port = await freePort();
  const schema = await TestSchema.create('payment_sandbox');
  const sandbox = TsProcess.spawn(
    'scripts/payment-sandbox/main.ts',
    {
      PAYMENT_SANDBOX_PORT: String(port),
      SANDBOX_HANG_MS: String(options.hangMs ?? 2000),
      SANDBOX_DATABASE_URL: schema.url,
      SANDBOX_DATABASE_SCHEMA: schema.name,
    },
    'payment-sandbox',
  );
  const stop = async () => {
    await sandbox.ensureStopped();
    await schema.drop();
  };
  try {
    await sandbox.waitForLine(/payment sandbox on/);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
