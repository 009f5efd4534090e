/**
 * How refunds reads the payment provider's answers, against the real sandbox provider in its own
 * process: only what certainly moved no money is `transient`; anything that may have been applied
 * is `unknown`, to be looked up by key before paying again.
 */
import { randomUUID } from 'node:crypto';
import { freePort, jsonHttp, type JsonHttp } from '@rebound/testing';
import { HttpPaymentProvider } from '../src/payments/http-payment-provider';
import type { PaymentRequest } from '../src/domain/ports';
import { startSandboxProcess, type SandboxProcess } from './support/refunds-world';

describe('the payment provider client', () => {
  let sandbox: SandboxProcess;
  let script: JsonHttp;
  let provider: HttpPaymentProvider;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    script = jsonHttp(sandbox.url);
    provider = new HttpPaymentProvider(sandbox.url, 500);
  }, 60_000);
  afterAll(() => sandbox?.stop());

  const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => ({
    idempotencyKey: `${randomUUID()}.1`,
    paymentReference: `charge-${randomUUID()}`,
    amountMinor: 1999,
    currency: 'EUR',
    reason: 'returned',
    ...overrides,
  });
  const scripted = async (paymentReference: string, outcomes: string[], latencyMs = 0) => {
    const answer = await script('PUT', `/sandbox/scripts/${paymentReference}`, { outcomes, latencyMs });
    expect(answer.status).toBe(204);
  };

  it('reads a second call with a key still in flight (409) as unknown, and the lookup then finds the refund', async () => {
    const call = request();
    await scripted(call.paymentReference, [], 1000);
    const patient = new HttpPaymentProvider(sandbox.url, 5000);
    const first = patient.refund(call);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const second = await patient.refund(call);
    expect(second).toMatchObject({ outcome: 'unknown', answer: { status: 409 } });
    expect(await patient.lookup(call.idempotencyKey)).toMatchObject({ outcome: 'unknown', answer: { status: 409 } });

    const applied = await first;
    expect(applied).toMatchObject({ outcome: 'succeeded', reference: expect.stringMatching(/^sbx_re_/) });
    expect(await provider.lookup(call.idempotencyKey)).toMatchObject({
      outcome: 'succeeded',
      reference: applied.outcome === 'succeeded' && applied.reference,
    });
  });

  it('reads a 503 as unknown, not as a reason to pay again blindly; the lookup says nothing was applied', async () => {
    const call = request();
    await scripted(call.paymentReference, ['fail_transient']);
    expect(await provider.refund(call)).toMatchObject({ outcome: 'unknown', answer: { status: 503 } });
    expect(await provider.lookup(call.idempotencyKey)).toMatchObject({ outcome: 'absent' });
  });

  it('reads a call left unanswered past the deadline as unknown, and the lookup finds it applied', async () => {
    const call = request();
    await scripted(call.paymentReference, ['timeout_after_apply']);
    expect(await provider.refund(call)).toMatchObject({ outcome: 'unknown', reason: 'no answer within 500 ms' });
    expect(await provider.lookup(call.idempotencyKey)).toMatchObject({ outcome: 'succeeded' });
  });

  it('reads a 429 as transient: the provider applied nothing and asks to be called again later', async () => {
    const call = request();
    await scripted(call.paymentReference, ['rate_limited']);
    expect(await provider.charge(call)).toMatchObject({ outcome: 'transient', answer: { status: 429 } });
    expect(await provider.charge(call)).toMatchObject({ outcome: 'succeeded' });
  });

  it('reads a refused connection as transient: nothing reached the provider', async () => {
    const nobody = new HttpPaymentProvider(`http://127.0.0.1:${await freePort()}`, 500);
    expect(await nobody.refund(request())).toMatchObject({ outcome: 'transient' });
    expect(await nobody.charge(request())).toMatchObject({ outcome: 'transient' });
  });

  it('reads a decline (422) as declined with the provider’s reason', async () => {
    const call = request();
    await scripted(call.paymentReference, ['fail_permanent']);
    expect(await provider.refund(call)).toMatchObject({
      outcome: 'declined',
      reason: 'the payment method can no longer receive refunds',
    });
  });

  it('charges the payment method once under a key, and finds the charge by that key', async () => {
    const call = request();
    const charged = await provider.charge(call);
    expect(charged).toMatchObject({ outcome: 'succeeded', reference: expect.stringMatching(/^sbx_ch_/) });
    const reference = charged.outcome === 'succeeded' && charged.reference;

    expect(await provider.charge(call)).toMatchObject({ outcome: 'succeeded', reference });
    expect(await provider.lookupCharge(call.idempotencyKey)).toMatchObject({ outcome: 'succeeded', reference });
    expect(await provider.lookup(call.idempotencyKey)).toMatchObject({ outcome: 'absent' });
    expect(await provider.lookupCharge(`${randomUUID()}.1`)).toMatchObject({ outcome: 'absent' });
    expect((await script('GET', `/v1/charges?paymentReference=${call.paymentReference}`)).body).toHaveLength(1);
  });

  it('reads a charge the provider declines as declined', async () => {
    const call = request();
    await scripted(call.paymentReference, ['fail_permanent']);
    expect(await provider.charge(call)).toMatchObject({
      outcome: 'declined',
      reason: 'the payment method can no longer be charged',
    });
    expect(await provider.lookupCharge(call.idempotencyKey)).toMatchObject({ outcome: 'declined' });
  });
});
