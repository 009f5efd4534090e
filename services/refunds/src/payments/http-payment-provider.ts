/**
 * The PaymentProvider port over HTTP, for the sandbox provider's API (docs/payment-sandbox.md), which
 * follows the common shape of providers' payment APIs: POST a refund (or a charge) under an
 * Idempotency-Key, GET what happened under a key. Every call has a deadline.
 *
 * How an answer is read decides whether money can move twice, so only what certainly moved nothing
 * is `transient` (paid again later): a connection refused before the request was sent, and 429. A
 * call that may have been applied — a timeout, a dropped connection, any 5xx, a 409 (the key is
 * still in flight, or was used before) — is `unknown`: the caller looks the key up before deciding.
 * 422 and 402 are the provider's `declined`; any other 4xx means our request is wrong, which no
 * retry mends, so it is `declined` too, with the provider's reason.
 */
import type { PaymentProvider, PaymentRequest } from '../domain/ports';
import type { ProviderAnswer } from '../domain/refund';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the provider's JSON, read field by field
type Json = any;

/** The provider's answer as it came, kept with the attempt. */
interface HttpAnswer {
  readonly status: number;
  readonly body: Json;
}

/** Where each kind of payment lives in the provider's API, and which answer field holds its id. */
interface PaymentResource {
  readonly path: string;
  readonly idField: string;
}

const REFUNDS: PaymentResource = { path: '/v1/refunds', idField: 'refundId' };
const CHARGES: PaymentResource = { path: '/v1/charges', idField: 'chargeId' };

export class HttpPaymentProvider implements PaymentProvider {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  refund(request: PaymentRequest): Promise<ProviderAnswer> {
    return this.pay(REFUNDS, request);
  }

  lookup(idempotencyKey: string): Promise<ProviderAnswer> {
    return this.lookUp(REFUNDS, idempotencyKey);
  }

  charge(request: PaymentRequest): Promise<ProviderAnswer> {
    return this.pay(CHARGES, request);
  }

  lookupCharge(idempotencyKey: string): Promise<ProviderAnswer> {
    return this.lookUp(CHARGES, idempotencyKey);
  }

  private async pay(resource: PaymentResource, request: PaymentRequest): Promise<ProviderAnswer> {
    const body = {
      paymentReference: request.paymentReference,
      amountMinor: request.amountMinor,
      currency: request.currency,
      reason: request.reason,
    };
    const sent = await this.exchange(resource.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
      body: JSON.stringify(body),
    });
    if ('failed' in sent) return sent.failed;
    const { answer } = sent;
    const { status } = answer;
    if (status === 200 || status === 201) {
      return { outcome: 'succeeded', reference: String(answer.body[resource.idField]), answer };
    }
    if (status === 422 || status === 402) {
      return { outcome: 'declined', reason: String(answer.body?.detail ?? 'declined by the provider'), answer };
    }
    if (status === 429) {
      return { outcome: 'transient', reason: 'the provider asked to slow down (429); nothing was applied', answer };
    }
    if (status === 409 || status >= 500) {
      const detail = answer.body?.detail ? `: ${answer.body.detail}` : '';
      return { outcome: 'unknown', reason: `the provider answered ${status}${detail}`, answer };
    }
    // 400 and the like: the request itself is wrong; retrying it would not help.
    return {
      outcome: 'declined',
      reason: `the provider refused the request (${status}): ${answer.body?.detail ?? ''}`.trim(),
      answer,
    };
  }

  private async lookUp(resource: PaymentResource, idempotencyKey: string): Promise<ProviderAnswer> {
    const sent = await this.exchange(`${resource.path}/by-key/${encodeURIComponent(idempotencyKey)}`);
    if ('failed' in sent) return sent.failed;
    const { answer } = sent;
    if (answer.status === 404) return { outcome: 'absent', answer };
    if (answer.status === 200) {
      return answer.body?.status === 'succeeded'
        ? { outcome: 'succeeded', reference: String(answer.body[resource.idField]), answer }
        : { outcome: 'declined', reason: String(answer.body?.declineReason ?? 'declined by the provider'), answer };
    }
    // 409 (the call under the key is still in flight), 5xx, ...: what happened is not known yet.
    return { outcome: 'unknown', reason: `the provider answered the lookup with ${answer.status}`, answer };
  }

  /** One request within the deadline, its answer read whole; a call that got no whole answer has failed. */
  private async exchange(
    path: string,
    init: RequestInit = {},
  ): Promise<{ readonly answer: HttpAnswer } | { readonly failed: ProviderAnswer }> {
    try {
      const response = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await response.text();
      return { answer: { status: response.status, body: parsed(text) } };
    } catch (error) {
      return { failed: failedCall(error, this.timeoutMs) };
    }
  }
}

function parsed(text: string): Json {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
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
