/** The sandbox payment provider over HTTP, as refunds will call it. */
import { randomUUID } from 'node:crypto';
import { jsonHttp, type JsonHttp } from '@rebound/testing';
import { startSandbox, type SandboxApplication } from './sandbox-app';

describe('the payment sandbox', () => {
  let sandbox: SandboxApplication;
  let http: JsonHttp;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1', latencyMs: 0, hangMs: 300, logger: false });
    http = jsonHttp(sandbox.url);
  });
  afterAll(() => sandbox.app.close());

  const refund = (paymentReference: string, amountMinor = 2500) => ({ paymentReference, amountMinor, currency: 'EUR' });

  it('refunds once per Idempotency-Key and answers a retry with the same refund', async () => {
    const order = `order-${randomUUID()}`;
    const key = randomUUID();
    const first = await http('POST', '/v1/refunds', refund(order), { 'idempotency-key': key });
    const again = await http('POST', '/v1/refunds', refund(order), { 'idempotency-key': key });
    const other = await http('POST', '/v1/refunds', refund(order, 1), { 'idempotency-key': key });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'succeeded', amountMinor: 2500, idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(other.status).toBe(409);
    expect((await http('GET', `/v1/refunds?paymentReference=${order}`)).body).toHaveLength(1);
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

    const unavailable = await http('POST', '/v1/refunds', refund(order), { 'idempotency-key': transient });
    expect(unavailable.status).toBe(503);
    expect((await http('GET', `/v1/refunds/by-key/${transient}`)).status).toBe(404);

    await expect(http('POST', '/v1/refunds', refund(order), { 'idempotency-key': hung })).rejects.toThrow();
    expect((await http('GET', `/v1/refunds/by-key/${hung}`)).body).toMatchObject({ status: 'succeeded' });

    const decline = await http('POST', '/v1/refunds', refund(order), { 'idempotency-key': declined });
    expect(decline.status).toBe(422);
    expect(decline.body.refund).toMatchObject({ status: 'declined' });
    expect((await http('POST', '/v1/refunds', refund(order), { 'idempotency-key': transient })).status).toBe(201);
  });

  it('answers a payment’s calls after the latency it was told to add', async () => {
    const order = `order-${randomUUID()}`;
    await http('PUT', `/sandbox/scripts/${order}`, { outcomes: [], latencyMs: 300 });
    const started = Date.now();
    const answer = await http('POST', '/v1/refunds', refund(order), { 'idempotency-key': randomUUID() });
    expect(answer.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('refuses a refund without an Idempotency-Key, or with bad fields, naming them', async () => {
    const missing = await http('POST', '/v1/refunds', refund('order-x'));
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
