/**
 * The merchant simulator: a receiver of Rebound's outbound webhooks, as a merchant's OMS or helpdesk
 * would run one. It verifies each delivery's Standard Webhooks signature with the specification's own
 * library (not a re-implementation, so a signature it accepts is one a real receiver accepts), answers
 * as it was told (fail, be slow), and keeps every delivery so a test or the bring-up can ask what
 * arrived, in which order and how often.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { seededRandom, type Random } from '../partner-sim/seeded-random';
import {
  behaviourFromJson,
  secretProblem,
  type MerchantSimOptions,
  type ReceiverBehaviour,
} from './merchant-sim-options';

/** One POST the simulator received, as `GET /received` shows it. */
export interface ReceivedDelivery {
  /** Its place among every delivery received since the start, from 1 (a `DELETE /received` does not reset it). */
  readonly sequence: number;
  readonly receivedAt: string;
  readonly path: string;
  /** The `webhook-id` header: the message's id, the same on every retry and redelivery of it. */
  readonly webhookId: string | null;
  readonly webhookTimestamp: string | null;
  /** How many deliveries with this `webhook-id` arrived up to this one: above 1 is a retry or a redelivery. */
  readonly attempt: number;
  /** The payload's `type` and `data.returnId`, the Standard Webhooks payload structure. */
  readonly eventType: string | null;
  readonly returnId: string | null;
  readonly verified: boolean;
  /** Which of the known secrets verified it, from 0 in the order they were given. */
  readonly verifiedWith?: number;
  /** Why it is not verified: no secret known, or the library's reason. */
  readonly verificationProblem?: string;
  /** The status the simulator answered. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The payload, parsed when it is JSON, else as text. */
  readonly body: unknown;
}

export interface MerchantSimulator {
  readonly url: string;
  /** Every delivery so far, oldest first. */
  received(): readonly ReceivedDelivery[];
  /** Stops listening; deliveries still being held by a delay are dropped unanswered. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const WEBHOOK_PATH = /^\/webhooks(\/[^?]*)?$/;

/** Listens on the options' port and host; `report` gets one line per delivery. */
export async function startMerchantSimulator(
  options: MerchantSimOptions,
  report: (line: string) => void,
): Promise<MerchantSimulator> {
  const secrets = [...options.secrets];
  const deliveries: ReceivedDelivery[] = [];
  const attempts = new Map<string, number>();
  const random: Random = seededRandom(options.seed);
  const pendingAnswers = new Set<NodeJS.Timeout>();
  let behaviour: ReceiverBehaviour = options;
  let received = 0;
  /** How many deliveries had arrived when the behaviour was last set: its `failFirst` counts from there. */
  let behaviourSetAt = 0;

  const fails = (sequence: number): boolean =>
    sequence - behaviourSetAt <= behaviour.failFirst || (behaviour.failRate > 0 && random() < behaviour.failRate);

  const receive = (request: IncomingMessage, response: ServerResponse, path: string, raw: Buffer) => {
    const sequence = ++received;
    const headers = flatHeaders(request);
    const webhookId = headers['webhook-id'] ?? null;
    const attempt = webhookId === null ? 1 : (attempts.get(webhookId) ?? 0) + 1;
    if (webhookId !== null) attempts.set(webhookId, attempt);
    const verification = verify(secrets, raw, headers);
    const failing = fails(sequence);
    const status = secrets.length > 0 && !verification.verified ? 401 : failing ? behaviour.failStatus : 204;
    const body = parsedBody(raw);
    const delivery: ReceivedDelivery = {
      sequence,
      receivedAt: new Date().toISOString(),
      path,
      webhookId,
      webhookTimestamp: headers['webhook-timestamp'] ?? null,
      attempt,
      eventType: stringField(body, ['type']),
      returnId: stringField(body, ['data', 'returnId']),
      ...verification,
      status,
      headers,
      body,
    };
    deliveries.push(delivery);
    report(describe(delivery));
    const answer = () => {
      pendingAnswers.delete(timer);
      response.writeHead(status).end();
    };
    const timer = setTimeout(answer, behaviour.delayMs);
    pendingAnswers.add(timer);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://merchant-sim');
    const route = `${request.method} ${url.pathname}`;
    if (request.method === 'POST' && WEBHOOK_PATH.test(url.pathname)) {
      readBody(request).then(
        (raw) => (raw ? receive(request, response, url.pathname, raw) : problem(response, 413, 'payload over 1 MiB')),
        () => response.destroy(),
      );
    } else if (route === 'GET /received') {
      const returnId = url.searchParams.get('returnId');
      const eventType = url.searchParams.get('eventType');
      json(
        response,
        200,
        deliveries.filter(
          (delivery) =>
            (returnId === null || delivery.returnId === returnId) &&
            (eventType === null || delivery.eventType === eventType),
        ),
      );
    } else if (route === 'DELETE /received') {
      deliveries.length = 0;
      attempts.clear();
      response.writeHead(204).end();
    } else if (route === 'POST /secrets') {
      readBody(request).then(
        (raw) => {
          const secret = raw && stringField(parsedBody(raw), ['secret']);
          if (!secret) return problem(response, 400, 'the body must be {"secret": "whsec_..."}');
          const reason = secretProblem(secret);
          if (reason) return problem(response, 400, `the secret ${reason}`);
          if (!secrets.includes(secret)) secrets.push(secret);
          report(`now accepting ${secrets.length} secret(s)`);
          json(response, 201, { secrets: secrets.length });
        },
        () => response.destroy(),
      );
    } else if (route === 'PUT /behaviour') {
      readBody(request).then(
        (raw) => {
          const next = behaviourFromJson(raw && parsedBody(raw));
          if ('problems' in next) return problem(response, 400, next.problems.join('; '));
          behaviour = next;
          behaviourSetAt = received;
          report(`from now on: ${describeBehaviour(behaviour)}`);
          json(response, 200, behaviour);
        },
        () => response.destroy(),
      );
    } else {
      problem(
        response,
        404,
        `no ${route} here: POST /webhooks[/...], GET or DELETE /received, POST /secrets, PUT /behaviour`,
      );
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    received: () => [...deliveries],
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pendingAnswers) clearTimeout(timer);
        pendingAnswers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The behaviour in words, for the start line and each change. */
export function describeBehaviour(behaviour: ReceiverBehaviour): string {
  const failures = [
    behaviour.failFirst > 0 && `the next ${behaviour.failFirst}`,
    behaviour.failRate > 0 && `${behaviour.failRate * 100}% of the rest`,
  ].filter(Boolean);
  const failing =
    failures.length > 0 ? `failing ${failures.join(' and ')} with ${behaviour.failStatus}` : 'failing none';
  return `${failing}, answering after ${behaviour.delayMs} ms`;
}

/** Tries each secret in turn: during a rotation either the old or the new one verifies. */
function verify(
  secrets: readonly string[],
  raw: Buffer,
  headers: Record<string, string>,
): Pick<ReceivedDelivery, 'verified' | 'verifiedWith' | 'verificationProblem'> {
  if (secrets.length === 0) return { verified: false, verificationProblem: 'no secret to verify with' };
  let reason = '';
  for (const [index, secret] of secrets.entries()) {
    try {
      new Webhook(secret).verify(raw, headers, { jsonParse: false });
      return { verified: true, verifiedWith: index };
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  return { verified: false, verificationProblem: reason };
}

function describe(delivery: ReceivedDelivery): string {
  const verification = delivery.verified
    ? `verified (secret ${(delivery.verifiedWith ?? 0) + 1})`
    : `NOT verified: ${delivery.verificationProblem}`;
  const retry = delivery.attempt > 1 ? ` (attempt ${delivery.attempt})` : '';
  return [
    `${delivery.receivedAt} #${delivery.sequence} ${delivery.path}`,
    delivery.eventType ?? '(no type)',
    `id ${delivery.webhookId ?? '(none)'}${retry}`,
    `return ${delivery.returnId ?? '(none)'}`,
    verification,
    `-> ${delivery.status}`,
  ].join('  ');
}

/** The body, or undefined when it is larger than the simulator keeps. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

function parsedBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stringField(value: unknown, path: readonly string[]): string | null {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' ? current : null;
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, detail: string): void {
  response.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status, detail }));
}
