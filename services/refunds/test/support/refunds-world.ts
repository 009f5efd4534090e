/**
 * One refunds service per test file (`useServiceWorld`: real Postgres and real Kafka, a schema and a
 * topic namespace of its own), paying through a real sandbox payment provider started for the file.
 * Tests play returns-intake and warehouse-qc with `publish`; helpers script the provider and read
 * what was published and paid.
 */
import { RefundEvents, Services, StoreCreditEvents, Topics } from '@rebound/contracts';
import {
  TsProcess,
  TestSchema,
  freePort,
  jsonHttp,
  useServiceWorld,
  type DecodedTestEvent,
  type EventsDone,
  type JsonHttp,
  type ServiceWorld,
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

export interface RefundsWorld extends ServiceWorld<RefundsApplication> {
  /** The sandbox provider's own API. */
  readonly provider: JsonHttp;
  /** The next provider calls against this charge come out as listed (then succeed). */
  script(chargeId: string, outcomes: readonly string[]): Promise<void>;
  /** Every refund the provider applied or declined against a charge. */
  providerRefunds(chargeId: string): Promise<Json[]>;
  /** Every claw-back charge the provider applied or declined against the payment method behind a charge. */
  providerCharges(chargeId: string): Promise<Json[]>;
  /** Waits until GET /v1/returns/{id}/refunds satisfies `done`. */
  refundsOnceThey(returnId: string, what: string, done: (body: Json) => boolean): Promise<Json>;
  refundEvents(returnId: string): DecodedTestEvent[];
  waitForRefundEvents(returnId: string, what: string, done: EventsDone): Promise<void>;
  /** The changes of a customer's store credit published on `refunds.store-credit.v1`, in order. */
  storeCreditEvents(customerId: string): DecodedTestEvent[];
  waitForStoreCreditEvents(customerId: string, what: string, done: EventsDone): Promise<void>;
}

export function useRefundsWorld(prefix: string, env: Record<string, string> = FAST_PAYMENTS): () => RefundsWorld {
  let sandbox: SandboxProcess | undefined;
  return useServiceWorld({
    prefix,
    service: Services.refunds,
    env: async () => {
      sandbox = await startSandboxProcess();
      return { ...env, PAYMENT_PROVIDER_URL: sandbox.url };
    },
    load: loadRefundsConfig,
    start: (config) => startRefunds(config, { logger: false }),
    extend: (world) => {
      // `env` has started the sandbox by now.
      const provider = jsonHttp(sandbox!.url);
      return {
        provider,
        async script(chargeId: string, outcomes: readonly string[]) {
          const answer = await provider('PUT', `/sandbox/scripts/${chargeId}`, { outcomes });
          if (answer.status !== 204) throw new Error(`scripting the sandbox failed: ${JSON.stringify(answer.body)}`);
        },
        providerRefunds: async (chargeId: string) =>
          (await provider('GET', `/v1/refunds?paymentReference=${chargeId}`)).body,
        providerCharges: async (chargeId: string) =>
          (await provider('GET', `/v1/charges?paymentReference=${chargeId}`)).body,
        refundsOnceThey: (returnId: string, what: string, done: (body: Json) => boolean) =>
          world.bodyOnceItHolds(`/v1/returns/${returnId}/refunds`, what, done),
        refundEvents: (returnId: string) => world.eventsAbout(Topics.refundsRefund, RefundEvents, returnId),
        async waitForRefundEvents(returnId: string, what: string, done: EventsDone) {
          await world.waitForEventsAbout(Topics.refundsRefund, RefundEvents, returnId, what, done);
        },
        storeCreditEvents: (customerId: string) =>
          world.eventsAbout(Topics.refundsStoreCredit, StoreCreditEvents, customerId),
        async waitForStoreCreditEvents(customerId: string, what: string, done: EventsDone) {
          await world.waitForEventsAbout(Topics.refundsStoreCredit, StoreCreditEvents, customerId, what, done);
        },
      };
    },
    stop: () => sandbox?.stop(),
  });
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
