/**
 * The PaymentProvider port over HTTP, for the sandbox provider's API (docs/payment-sandbox.md), which
 * follows the common shape of providers' refund APIs: POST a refund under an Idempotency-Key, GET
 * what happened under a key. Every call has a deadline; a call that fails after the request may
 * have reached the provider is `unknown`, never `transient`, so it is never simply paid again.
 */
import type { PaymentProvider, PaymentRequest } from '../domain/ports';
import type { ProviderAnswer } from '../domain/refund';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the provider's JSON, read field by field
type Json = any;

export class HttpPaymentProvider implements PaymentProvider {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async refund(request: PaymentRequest): Promise<ProviderAnswer> {
    const body = {
      paymentReference: request.paymentReference,
      amountMinor: request.amountMinor,
      currency: request.currency,
      reason: request.reason,
    };
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1/refunds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return failedCall(error, this.timeoutMs);
    }
    const answer = await readAnswer(response);
    if (response.status === 200 || response.status === 201) {
      return { outcome: 'succeeded', reference: String(answer.body.refundId), answer };
    }
    if (response.status === 422) {
      return { outcome: 'declined', reason: String(answer.body?.detail ?? 'declined by the provider'), answer };
    }
    if (response.status === 429 || response.status >= 500) {
      return { outcome: 'transient', reason: `the provider answered ${response.status}`, answer };
    }
    // 400, 409 and the like: the request itself is wrong; retrying it would not help.
    return {
      outcome: 'declined',
      reason: `the provider refused the request (${response.status}): ${answer.body?.detail ?? ''}`.trim(),
      answer,
    };
  }

  async lookup(idempotencyKey: string): Promise<ProviderAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1/refunds/by-key/${encodeURIComponent(idempotencyKey)}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return failedCall(error, this.timeoutMs);
    }
    const answer = await readAnswer(response);
    if (response.status === 404) return { outcome: 'absent', answer };
    if (response.status === 200) {
      return answer.body?.status === 'succeeded'
        ? { outcome: 'succeeded', reference: String(answer.body.refundId), answer }
        : { outcome: 'declined', reason: String(answer.body?.declineReason ?? 'declined by the provider'), answer };
    }
    return { outcome: 'unknown', reason: `the provider answered the lookup with ${response.status}`, answer };
  }
}

async function readAnswer(response: Response): Promise<{ status: number; body: Json }> {
  const text = await response.text();
  try {
    return { status: response.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: response.status, body: text };
  }
}

/** No answer: refused before sending is transient; a timeout or a dropped connection is unknown. */
function failedCall(error: unknown, timeoutMs: number): ProviderAnswer {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') {
    return { outcome: 'transient', reason: 'the provider refused the connection', answer: { error: 'ECONNREFUSED' } };
  }
  const timedOut = (error as Error).name === 'TimeoutError';
  const reason = timedOut ? `no answer within ${timeoutMs} ms` : `the call failed: ${(error as Error).message}`;
  return { outcome: 'unknown', reason, answer: { error: reason } };
}
