/**
 * The merchant simulator (scripts/merchant-sim) as its own process, for the tests of outbound
 * webhooks: a receiver on a port of its own that verifies each delivery with the Standard Webhooks
 * library, answers as the test tells it, and shows what it got. Tests subscribe `webhookUrl(path)`.
 */
import { TsProcess } from './ts-process';
import { waitUntil } from './wait-until';

/** One delivery as the simulator shows it (its `GET /received`). */
export interface ReceivedWebhook {
  /** Its place among every delivery the simulator received, from 1. */
  readonly sequence: number;
  readonly receivedAt: string;
  readonly path: string;
  readonly webhookId: string | null;
  readonly webhookTimestamp: string | null;
  /** How many deliveries with this `webhook-id` arrived up to this one: above 1 is a retry or a redelivery. */
  readonly attempt: number;
  /** The payload's `type` and `data.returnId`. */
  readonly eventType: string | null;
  readonly returnId: string | null;
  readonly verified: boolean;
  /** Which of the simulator's secrets verified it, from 0 in the order they were given. */
  readonly verifiedWith?: number;
  readonly verificationProblem?: string;
  /** The status the simulator answered. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** How the simulator answers; left out: every delivery at once with 204. */
export interface WebhookReceiverBehaviour {
  readonly failStatus?: number;
  /** The next n deliveries fail. */
  readonly failFirst?: number;
  readonly failRate?: number;
  readonly delayMs?: number;
}

export interface MerchantSimulatorProcess {
  readonly url: string;
  /** Its output: one line per delivery. */
  readonly lines: readonly string[];
  /** A URL to subscribe: deliveries to it carry `path` (`/webhooks<path>`), to tell subscriptions apart. */
  webhookUrl(path?: string): string;
  received(filter?: { readonly returnId?: string; readonly eventType?: string }): Promise<ReceivedWebhook[]>;
  /** The deliveries once `done` holds for them; fails after `timeoutMs` naming `what` and how many arrived. */
  waitForDeliveries(
    what: string,
    done: (deliveries: ReceivedWebhook[]) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<ReceivedWebhook[]>;
  /** Accepts one more signing secret (a subscription's, known only once it is created). */
  addSecret(secret: string): Promise<void>;
  /** Answers as told from now on; `{}` answers every delivery at once again. */
  behave(behaviour: WebhookReceiverBehaviour): Promise<void>;
  /** Forgets every delivery received so far. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the simulator on a free port, knowing `secrets` and answering as `behaviour` says. */
export async function startMerchantSimulatorProcess(
  options: { readonly secrets?: readonly string[]; readonly seed?: number } & WebhookReceiverBehaviour = {},
): Promise<MerchantSimulatorProcess> {
  const args = ['--port', '0', ...(options.secrets ?? []).flatMap((secret) => ['--secret', secret])];
  const flags: [string, number | undefined][] = [
    ['--fail-status', options.failStatus],
    ['--fail-first', options.failFirst],
    ['--fail-rate', options.failRate],
    ['--delay', options.delayMs],
    ['--seed', options.seed ?? 1],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(flag, String(value));
  const simulator = TsProcess.spawn('scripts/merchant-sim/main.ts', { MERCHANT_SIM_SECRETS: '' }, 'merchant-sim', args);
  let url: string;
  try {
    const line = await simulator.waitForLine(/^merchant simulator on http:\/\/\S+/);
    url = /on (http:\/\/\S+)/.exec(line)?.[1] ?? '';
  } catch (error) {
    await simulator.ensureStopped();
    throw error;
  }

  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(`${url}${path}`, {
      method,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(
        `the merchant simulator answered ${response.status} to ${method} ${path}: ${await response.text()}`,
      );
    return response;
  };
  const received = async (filter: { readonly returnId?: string; readonly eventType?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => !!entry[1]));
    return (await (await call('GET', `/received${query.size > 0 ? `?${query}` : ''}`)).json()) as ReceivedWebhook[];
  };

  return {
    url,
    lines: simulator.lines,
    webhookUrl: (path = '') => `${url}/webhooks${path}`,
    received,
    async waitForDeliveries(what, done, { timeoutMs } = {}) {
      let seen = 0;
      try {
        return await waitUntil(
          what,
          async () => {
            const deliveries = await received();
            seen = deliveries.length;
            return done(deliveries) && deliveries;
          },
          { timeoutMs, intervalMs: 100 },
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; ${seen} deliveries arrived`);
      }
    },
    addSecret: async (secret) => void (await call('POST', '/secrets', { secret })),
    behave: async (behaviour) => void (await call('PUT', '/behaviour', behaviour)),
    clear: async () => void (await call('DELETE', '/received')),
    stop: () => simulator.ensureStopped(),
  };
}
