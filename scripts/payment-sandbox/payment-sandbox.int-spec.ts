/** The sandbox payment provider over HTTP, as refunds calls it, keeping what it did in a schema of the test's own. */
import { randomUUID } from 'node:crypto';
import { TestSchema, jsonHttp, type JsonHttp } from '@rebound/testing';
import { startSandbox, type SandboxApplication } from './sandbox-app';

describe('the payment sandbox', () => {
  let schema: TestSchema;
  let sandbox: SandboxApplication;
  let http: JsonHttp;

  const start = () =>
    startSandbox({
      port: 0,
      host: '127.0.0.1',
      latencyMs: 0,
      hangMs: 300,
      databaseUrl: schema.url,
      schema: schema.name,
      logger: false,
    });

  beforeAll(async () => {
    schema = await TestSchema.create('payment_sandbox');
    sandbox = await start();
    http = jsonHttp(sandbox.url);
  });
  afterAll(async () => {
    await sandbox.app.close();
    await schema.drop();
  });

  const payment = (paymentReference: string, amountMinor = 2500) => ({
    paymentReference,
    amountMinor,
    currency: 'EUR',
  });

  it('refunds once per Idempotency-Key and answers a retry with the same refund', async () => {
    const order = `order-${randomUUID()}`;
    const key = randomUUID();
    const first = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': key });
    const again = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': key });
    const other = await http('POST', '/v1/refunds', payment(order, 1), { 'idempotency-key': key });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'succeeded', amountMinor: 2500, idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(other.status).toBe(409);
    expect(other.body.type).toMatch(/idempotency-key-reused$/);
    expect((await http('GET', `/v1/refunds?paymentReference=${order}`)).body).toHaveLength(1);
  });

  it('still knows a refund it applied after a restart, and replays it instead of refunding twice', async () => {
    const order = `order-${randomUUID()}`;
    const key = randomUUID();
    const applied = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': key });
    await sandbox.app.close();
    sandbox = await start();
    http = jsonHttp(sandbox.url);

    const lookup = await http('GET', `/v1/refunds/by-key/${key}`);
    const again = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': key });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual(applied.body);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await http('GET', `/v1/refunds?paymentReference=${order}`)).body).toHaveLength(1);
  });

  it('answers 409 idempotency-key-in-use to a call whose key is still in flight, and applies only the first', async () => {
    const order = `order-${randomUUID()}`;
    const key = randomUUID();
    await http('PUT', `/sandbox/scripts/${order}`, { outcomes: [], latencyMs: 500 });
    const first = http('POST', '/v1/refunds', payment(order), { 'idempotency-key': key });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': key });
    const lookup = await http('GET', `/v1/refunds/by-key/${key}`);

    expect(second.status).toBe(409);
    expect(second.body.type).toMatch(/idempotency-key-in-use$/);
    expect(lookup.status).toBe(409);
    expect((await first).status).toBe(201);
    expect((await http('GET', `/v1/refunds?paymentReference=${order}`)).body).toHaveLength(1);
  });

  it('charges a payment method once per Idempotency-Key, declines or fails as scripted, and tells what happened under a key', async () => {
    const order = `order-${randomUUID()}`;
    const [key, transient, declined] = [randomUUID(), randomUUID(), randomUUID()];
    const first = await http('POST', '/v1/charges', payment(order, 700), { 'idempotency-key': key });
    const again = await http('POST', '/v1/charges', payment(order, 700), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      chargeId: expect.stringMatching(/^sbx_ch_/),
      status: 'succeeded',
      amountMinor: 700,
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await http('GET', `/v1/charges/by-key/${key}`)).body).toEqual(first.body);

    await http('PUT', `/sandbox/scripts/${order}`, { outcomes: ['fail_transient', 'rate_limited', 'fail_permanent'] });
    expect((await http('POST', '/v1/charges', payment(order, 700), { 'idempotency-key': transient })).status).toBe(503);
    const limited = await http('POST', '/v1/charges', payment(order, 700), { 'idempotency-key': transient });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await http('GET', `/v1/charges/by-key/${transient}`)).status).toBe(404);
    const decline = await http('POST', '/v1/charges', payment(order, 700), { 'idempotency-key': declined });
    expect(decline.status).toBe(422);
    expect(decline.body.charge).toMatchObject({ status: 'declined' });

    expect((await http('GET', `/v1/charges?paymentReference=${order}`)).body).toHaveLength(2);
    expect((await http('GET', `/v1/refunds?paymentReference=${order}`)).body).toEqual([]);
    expect((await http('POST', '/v1/charges', payment(order, 700))).status).toBe(400);
  });

  it('fails, declines or hangs as scripted, and tells what happened under a key', async () => {
    const order = `order-${randomUUID()}`;
    expect(
      (
        await http('PUT', `/sandbox/scripts/${order}`, {
          outcomes: ['fail_transient', 'timeout_after_apply', 'fail_permanent'],
        })
      ).status,
    ).toBe(204);
    const [transient, hung, declined] = [randomUUID(), randomUUID(), randomUUID()];

    const unavailable = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': transient });
    expect(unavailable.status).toBe(503);
    expect((await http('GET', `/v1/refunds/by-key/${transient}`)).status).toBe(404);

    await expect(http('POST', '/v1/refunds', payment(order), { 'idempotency-key': hung })).rejects.toThrow();
    expect((await http('GET', `/v1/refunds/by-key/${hung}`)).body).toMatchObject({ status: 'succeeded' });

    const decline = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': declined });
    expect(decline.status).toBe(422);
    expect(decline.body.refund).toMatchObject({ status: 'declined' });
    expect((await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': transient })).status).toBe(201);
  });

  it('answers a payment’s calls after the latency it was told to add', async () => {
    const order = `order-${randomUUID()}`;
    await http('PUT', `/sandbox/scripts/${order}`, { outcomes: [], latencyMs: 300 });
    const started = Date.now();
    const answer = await http('POST', '/v1/refunds', payment(order), { 'idempotency-key': randomUUID() });
    expect(answer.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('refuses a refund without an Idempotency-Key, or with bad fields, naming them', async () => {
    const missing = await http('POST', '/v1/refunds', payment('order-x'));
    const bad = await http(
      'POST',
      '/v1/refunds',
      { paymentReference: '', amountMinor: 0, currency: 'eur' },
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(missing.status).toBe(400);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'amountMinor',
      'currency',
      'paymentReference',
    ]);
  });
});
