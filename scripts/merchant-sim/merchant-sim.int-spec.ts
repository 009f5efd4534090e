/** The merchant simulator over HTTP, receiving deliveries signed with the Standard Webhooks library itself. */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startMerchantSimulatorProcess, waitUntil, type MerchantSimulatorProcess } from '@rebound/testing';
import { startMerchantSimulator, type MerchantSimulator, type ReceivedDelivery } from './merchant-sim';
import type { MerchantSimOptions } from './merchant-sim-options';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const STRANGER = 'whsec_dGhpcyBpcyBub2JvZHkncyBzZWNyZXQ=';

const calm: MerchantSimOptions = {
  port: 0,
  host: '127.0.0.1',
  secrets: [SECRET],
  failStatus: 503,
  failFirst: 0,
  failRate: 0,
  delayMs: 0,
  seed: 1,
};

describe('the merchant simulator', () => {
  const running: MerchantSimulator[] = [];
  const lines: string[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((simulator) => simulator.close()));
    lines.length = 0;
  });

  async function start(options: Partial<MerchantSimOptions> = {}): Promise<MerchantSimulator> {
    const simulator = await startMerchantSimulator({ ...calm, ...options }, (line) => lines.push(line));
    running.push(simulator);
    return simulator;
  }

  const event = (type = 'return.approved', returnId: string = randomUUID()) => ({
    type,
    timestamp: new Date().toISOString(),
    data: { returnId },
  });

  /** POSTs `payload` the way a Standard Webhooks sender does, signed with each of `secrets`. */
  async function deliver(
    simulator: { readonly url: string },
    payload: unknown,
    {
      secrets = [SECRET],
      id = `msg_${randomUUID()}`,
      path = '/webhooks',
      signal = undefined as AbortSignal | undefined,
    } = {},
  ): Promise<number> {
    const body = JSON.stringify(payload);
    const timestamp = new Date();
    const signature = secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' ');
    const response = await fetch(`${simulator.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal,
    });
    return response.status;
  }

  const received = async (simulator: MerchantSimulator, query = ''): Promise<ReceivedDelivery[]> =>
    (await fetch(`${simulator.url}/received${query}`)).json() as Promise<ReceivedDelivery[]>;

  it('verifies a signed delivery, answers 204, prints it and shows it on GET /received', async () => {
    const simulator = await start();
    const payload = event('return.approved', 'ret-1');

    expect(await deliver(simulator, payload, { id: 'msg_1', path: '/webhooks/oms' })).toBe(204);

    expect(await received(simulator)).toEqual([
      expect.objectContaining({
        sequence: 1,
        path: '/webhooks/oms',
        webhookId: 'msg_1',
        attempt: 1,
        eventType: 'return.approved',
        returnId: 'ret-1',
        verified: true,
        verifiedWith: 0,
        status: 204,
        body: payload,
      }),
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /#1 \/webhooks\/oms {2}return\.approved {2}id msg_1 {2}return ret-1 {2}verified \(secret 1\) {2}-> 204$/,
    );
  });

  it('during a rotation accepts deliveries signed with the old secret, the new one or both, and refuses any other with 401', async () => {
    const simulator = await start({ secrets: [SECRET, OLD_SECRET] });

    expect(await deliver(simulator, event(), { secrets: [OLD_SECRET] })).toBe(204);
    expect(await deliver(simulator, event(), { secrets: [SECRET] })).toBe(204);
    expect(await deliver(simulator, event(), { secrets: [SECRET, OLD_SECRET] })).toBe(204);
    expect(await deliver(simulator, event(), { secrets: [STRANGER] })).toBe(401);

    const deliveries = await received(simulator);
    expect(deliveries.map((delivery) => [delivery.verified, delivery.verifiedWith, delivery.status])).toEqual([
      [true, 1, 204],
      [true, 0, 204],
      [true, 0, 204],
      [false, undefined, 401],
    ]);
    expect(deliveries[3].verificationProblem).toBe('No matching signature found');
    expect(lines[3]).toMatch(/NOT verified: No matching signature found {2}-> 401$/);
  });

  it('refuses a delivery whose body was changed after signing', async () => {
    const simulator = await start();
    const id = 'msg_tampered';
    const timestamp = new Date();
    const signature = new Webhook(SECRET).sign(id, timestamp, JSON.stringify(event('refund.issued')));
    const response = await fetch(`${simulator.url}/webhooks`, {
      method: 'POST',
      headers: {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: JSON.stringify(event('refund.issued', 'someone-elses-return')),
    });
    expect(response.status).toBe(401);
    expect(await received(simulator)).toEqual([expect.objectContaining({ verified: false, status: 401 })]);
  });

  it('fails the first deliveries it is told to with the status it is told, and counts a retry of the same id', async () => {
    const simulator = await start({ failFirst: 2, failStatus: 500 });
    const payload = event();

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await deliver(simulator, payload, { id: 'msg_retried' }));

    expect(statuses).toEqual([500, 500, 204]);
    expect((await received(simulator)).map((delivery) => delivery.attempt)).toEqual([1, 2, 3]);
    expect(lines[2]).toMatch(/id msg_retried \(attempt 3\)/);
  });

  it('fails a fraction of deliveries, the same ones again with the same seed', async () => {
    const statusesWith = async (seed: number) => {
      const simulator = await start({ failRate: 0.5, failStatus: 429, seed });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push(await deliver(simulator, event()));
      return statuses;
    };

    const first = await statusesWith(42);
    expect(await statusesWith(42)).toEqual(first);
    expect(first).toContain(429);
    expect(first).toContain(204);
  });

  it('keeps a delivery at once but answers it only after its delay, so a sender with a shorter timeout gives up', async () => {
    const simulator = await start({ delayMs: 60_000 });

    await expect(deliver(simulator, event(), { signal: AbortSignal.timeout(300) })).rejects.toThrow();

    expect(await received(simulator)).toEqual([expect.objectContaining({ verified: true, status: 204 })]);
  });

  it('keeps deliveries unverified when it knows no secret, and verifies them once a secret is posted', async () => {
    const simulator = await start({ secrets: [] });
    expect(await deliver(simulator, event())).toBe(204);

    const bad = await fetch(`${simulator.url}/secrets`, { method: 'POST', body: JSON.stringify({ secret: 'whsec_' }) });
    const added = await fetch(`${simulator.url}/secrets`, { method: 'POST', body: JSON.stringify({ secret: SECRET }) });
    expect(bad.status).toBe(400);
    expect(added.status).toBe(201);
    expect(await deliver(simulator, event())).toBe(204);

    expect((await received(simulator)).map((delivery) => [delivery.verified, delivery.verificationProblem])).toEqual([
      [false, 'no secret to verify with'],
      [true, undefined],
    ]);
  });

  it('answers as a PUT /behaviour tells it from then on: a receiver that was down recovers and takes the redelivery', async () => {
    const simulator = await start({ failFirst: 1_000_000, failStatus: 500 });
    const payload = event();
    const put = (behaviour: unknown) =>
      fetch(`${simulator.url}/behaviour`, { method: 'PUT', body: JSON.stringify(behaviour) });

    expect(await deliver(simulator, payload, { id: 'msg_down' })).toBe(500);
    expect((await put({})).status).toBe(200);
    expect(await deliver(simulator, payload, { id: 'msg_down' })).toBe(204);
    expect(await (await put({ failFirst: 1, failStatus: 410 })).json()).toEqual({
      failStatus: 410,
      failFirst: 1,
      failRate: 0,
      delayMs: 0,
    });
    expect(await deliver(simulator, event())).toBe(410);
    expect(await deliver(simulator, event())).toBe(204);

    const refused = await put({ failRate: 2 });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      'failRate must be a number from 0 to 1 (a probability, e.g. 0.2)',
    );
    expect((await received(simulator)).map((delivery) => [delivery.attempt, delivery.status])).toEqual([
      [1, 500],
      [2, 204],
      [1, 410],
      [1, 204],
    ]);
    expect(lines).toContain('from now on: failing the next 1 with 410, answering after 0 ms');
  });

  it('narrows GET /received to a return or an event type, and forgets everything on DELETE /received', async () => {
    const simulator = await start();
    await deliver(simulator, event('return.approved', 'ret-a'));
    await deliver(simulator, event('refund.issued', 'ret-a'));
    await deliver(simulator, event('return.approved', 'ret-b'));

    expect((await received(simulator, '?returnId=ret-a')).map((delivery) => delivery.eventType)).toEqual([
      'return.approved',
      'refund.issued',
    ]);
    expect((await received(simulator, '?eventType=return.approved')).map((delivery) => delivery.returnId)).toEqual([
      'ret-a',
      'ret-b',
    ]);
    expect((await fetch(`${simulator.url}/received`, { method: 'DELETE' })).status).toBe(204);
    expect(await received(simulator)).toEqual([]);
  });

  it('answers 404 to what is neither a delivery nor one of its own endpoints', async () => {
    const simulator = await start();
    expect((await fetch(`${simulator.url}/hooks`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(await received(simulator)).toEqual([]);
  });
});

describe('the merchant simulator as its own process, as the notifications tests start it', () => {
  let simulator: MerchantSimulatorProcess;
  afterAll(() => simulator?.stop());

  it('learns a subscription’s secret, fails when told, and shows each delivery to the test and on its output', async () => {
    simulator = await startMerchantSimulatorProcess({ failFirst: 1, failStatus: 502 });
    await simulator.addSecret(SECRET);
    const body = JSON.stringify({
      type: 'refund.issued',
      timestamp: new Date().toISOString(),
      data: { returnId: 'ret-p' },
    });
    const send = () => {
      const timestamp = new Date();
      return fetch(simulator.webhookUrl('/oms'), {
        method: 'POST',
        headers: {
          'webhook-id': 'msg_process',
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': new Webhook(SECRET).sign('msg_process', timestamp, body),
        },
        body,
      });
    };

    expect((await send()).status).toBe(502);
    expect((await send()).status).toBe(204);
    await simulator.behave({ failFirst: 1 });
    expect((await send()).status).toBe(503);

    const deliveries = await simulator.waitForDeliveries('three attempts', (all) => all.length === 3);
    expect(deliveries.map((delivery) => [delivery.attempt, delivery.verified, delivery.status])).toEqual([
      [1, true, 502],
      [2, true, 204],
      [3, true, 503],
    ]);
    expect(await simulator.received({ returnId: 'ret-p', eventType: 'refund.issued' })).toHaveLength(3);
    await waitUntil('the line of the second attempt', () =>
      simulator.lines.some((line) => /\/webhooks\/oms {2}refund\.issued {2}id msg_process \(attempt 2\)/.test(line)),
    );
    await simulator.clear();
    expect(await simulator.received()).toEqual([]);
    await expect(
      simulator.waitForDeliveries('a delivery', (all) => all.length > 0, { timeoutMs: 200 }),
    ).rejects.toThrow('timed out after 200 ms waiting for a delivery; 0 deliveries arrived');
  });
});
