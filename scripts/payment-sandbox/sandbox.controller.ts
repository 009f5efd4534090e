/**
 * The sandbox payment provider's HTTP API: refunds and charges under idempotency keys, and scripts
 * for the next outcomes. Refunds and charges answer alike; only their paths and id fields differ.
 */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Put, Post, Query, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { IDEMPOTENCY_KEY_PATTERN, ProblemException, problemType } from '@rebound/http';
import { SandboxLedger, sleep, type PaymentKind, type SandboxPayment } from './sandbox-ledger';
import { PaymentBody, ScriptBody } from './sandbox.dto';

export const SANDBOX_OPTIONS = Symbol('SandboxOptions');

export interface SandboxOptions {
  /** How long a `timeout_after_apply` call is held before its connection is dropped. */
  readonly hangMs: number;
}

/** How each kind is named on the wire. */
const WIRE: Record<PaymentKind, { readonly path: string; readonly idField: string; readonly noun: string }> = {
  refund: { path: '/v1/refunds', idField: 'refundId', noun: 'refund' },
  charge: { path: '/v1/charges', idField: 'chargeId', noun: 'charge' },
};

@Controller()
export class SandboxController {
  constructor(
    private readonly ledger: SandboxLedger,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  @Post('v1/refunds')
  refund(
    @Body() body: PaymentBody,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.pay('refund', body, key, response);
  }

  @Get('v1/refunds/by-key/:idempotencyKey')
  refundByKey(@Param('idempotencyKey') key: string): Promise<Record<string, unknown>> {
    return this.byKey('refund', key);
  }

  @Get('v1/refunds')
  refunds(@Query('paymentReference') paymentReference = ''): Promise<Record<string, unknown>[]> {
    return this.list('refund', paymentReference);
  }

  @Post('v1/charges')
  charge(
    @Body() body: PaymentBody,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.pay('charge', body, key, response);
  }

  @Get('v1/charges/by-key/:idempotencyKey')
  chargeByKey(@Param('idempotencyKey') key: string): Promise<Record<string, unknown>> {
    return this.byKey('charge', key);
  }

  @Get('v1/charges')
  charges(@Query('paymentReference') paymentReference = ''): Promise<Record<string, unknown>[]> {
    return this.list('charge', paymentReference);
  }

  @Put('sandbox/scripts/:paymentReference')
  @HttpCode(204)
  async script(@Param('paymentReference') paymentReference: string, @Body() body: ScriptBody): Promise<void> {
    await this.ledger.script(paymentReference, body.outcomes, body.latencyMs);
  }

  private async pay(kind: PaymentKind, body: PaymentBody, key: string | undefined, response: ServerResponse) {
    const { noun } = WIRE[kind];
    if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ProblemException({
        status: 400,
        slug: 'idempotency-key-required',
        title: 'Request is invalid',
        detail: `every ${noun} needs an Idempotency-Key header of 1-255 printable ASCII characters`,
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
      });
    }
    const result = await this.ledger.call(kind, key, body);
    switch (result.kind) {
      case 'unavailable':
        throw new ProblemException({
          status: 503,
          slug: 'provider-unavailable',
          title: 'Try again later',
          detail: `the sandbox was told to fail this call transiently; no ${noun} was made`,
        });
      case 'rate-limited':
        throw new ProblemException(
          {
            status: 429,
            slug: 'rate-limited',
            title: 'Too many requests',
            detail: `the sandbox was told to refuse this call as too many; no ${noun} was made`,
          },
          { 'Retry-After': '1' },
        );
      case 'key-in-use':
        throw keyInUse(key, noun);
      case 'key-reused':
        throw new ProblemException({
          status: 409,
          slug: 'idempotency-key-reused',
          title: 'Request cannot be carried out',
          detail: `Idempotency-Key "${key}" was used for ${noun} ${result.payment.id} of another payment, amount or currency`,
        });
      case 'hang':
        // Applied, but the answer never comes: the caller's timeout fires and it must ask what happened.
        await sleep(this.options.hangMs);
        response.destroy();
        return;
      case 'payment':
        answer(response, result.payment, result.replayed);
    }
  }

  private async byKey(kind: PaymentKind, key: string): Promise<Record<string, unknown>> {
    const { noun } = WIRE[kind];
    const known = await this.ledger.byKey(kind, key);
    switch (known.kind) {
      case 'absent':
        throw new ProblemException({
          status: 404,
          slug: `${noun}-not-found`,
          title: `No such ${noun}`,
          detail: `no ${noun} was ever applied or declined under Idempotency-Key "${key}"`,
        });
      case 'in-flight':
        throw keyInUse(key, noun);
      case 'payment':
        return presented(known.payment);
    }
  }

  private async list(kind: PaymentKind, paymentReference: string): Promise<Record<string, unknown>[]> {
    return (await this.ledger.forReference(kind, paymentReference)).map(presented);
  }
}

/** A call under the key is still being carried out: what it comes to is not known yet. */
function keyInUse(key: string, noun: string): ProblemException {
  return new ProblemException({
    status: 409,
    slug: 'idempotency-key-in-use',
    title: 'Request cannot be carried out',
    detail: `a ${noun} under Idempotency-Key "${key}" is still in flight; ask again once it has been answered`,
  });
}

/** A refund or charge as the API shows it: its id under `refundId` or `chargeId`. */
function presented(payment: SandboxPayment): Record<string, unknown> {
  const { kind, id, ...fields } = payment;
  return { [WIRE[kind].idField]: id, ...fields };
}

function answer(response: ServerResponse, payment: SandboxPayment, replayed: boolean): void {
  const { path, noun } = WIRE[payment.kind];
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  if (payment.status === 'declined') {
    send(response, 422, 'application/problem+json', {
      type: problemType(`${noun}-declined`),
      title: `${noun[0].toUpperCase()}${noun.slice(1)} declined`,
      status: 422,
      detail: payment.declineReason,
      instance: path,
      [noun]: presented(payment),
    });
    return;
  }
  send(response, replayed ? 200 : 201, 'application/json', presented(payment));
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', `${contentType}; charset=utf-8`);
  response.end(JSON.stringify(body));
}
