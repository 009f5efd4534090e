/** The sandbox payment provider's HTTP API: refunds under idempotency keys, and scripts for the next outcomes. */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Put, Post, Query, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { IDEMPOTENCY_KEY_PATTERN, ProblemException } from '@rebound/http';
import { SandboxLedger, type ProviderRefund } from './sandbox-ledger';
import { RefundBody, ScriptBody } from './sandbox.dto';

export const SANDBOX_OPTIONS = Symbol('SandboxOptions');

export interface SandboxOptions {
  /** Added before every refund call is answered. */
  readonly latencyMs: number;
  /** How long a `timeout_after_apply` call is held before its connection is dropped. */
  readonly hangMs: number;
}

@Controller()
export class SandboxController {
  constructor(
    private readonly ledger: SandboxLedger,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  @Post('v1/refunds')
  async refund(
    @Body() body: RefundBody,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ProblemException({
        status: 400,
        slug: 'idempotency-key-required',
        title: 'Request is invalid',
        detail: 'every refund needs an Idempotency-Key header of 1-255 printable ASCII characters',
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
      });
    }
    const latencyMs = Math.max(this.options.latencyMs, this.ledger.latencyOf(body.paymentReference));
    if (latencyMs > 0) await sleep(latencyMs);
    const result = this.ledger.call(key, body, new Date());
    switch (result.kind) {
      case 'unavailable':
        throw new ProblemException({
          status: 503,
          slug: 'provider-unavailable',
          title: 'Try again later',
          detail: 'the sandbox was told to fail this call transiently; nothing was refunded',
        });
      case 'key-reused':
        throw new ProblemException({
          status: 409,
          slug: 'idempotency-key-reused',
          title: 'Request cannot be carried out',
          detail: `Idempotency-Key "${key}" was used for refund ${result.refund.refundId} of another amount`,
        });
      case 'hang':
        // Applied, but the answer never comes: the caller's timeout fires and it must ask what happened.
        await sleep(this.options.hangMs);
        response.destroy();
        return;
      case 'refund':
        answer(response, result.refund, result.replayed);
    }
  }

  @Get('v1/refunds/by-key/:idempotencyKey')
  byKey(@Param('idempotencyKey') key: string): ProviderRefund {
    const refund = this.ledger.byKey(key);
    if (!refund) {
      throw new ProblemException({
        status: 404,
        slug: 'refund-not-found',
        title: 'No such refund',
        detail: `no refund was ever applied or declined under Idempotency-Key "${key}"`,
      });
    }
    return refund;
  }

  @Get('v1/refunds')
  list(@Query('paymentReference') paymentReference = ''): ProviderRefund[] {
    return this.ledger.forReference(paymentReference);
  }

  @Put('sandbox/scripts/:paymentReference')
  @HttpCode(204)
  script(@Param('paymentReference') paymentReference: string, @Body() body: ScriptBody): void {
    this.ledger.script(paymentReference, body.outcomes, body.latencyMs);
  }
}

function answer(response: ServerResponse, refund: ProviderRefund, replayed: boolean): void {
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  if (refund.status === 'declined') {
    send(response, 422, 'application/problem+json', {
      type: 'https://rebound.dev/problems/refund-declined',
      title: 'Refund declined',
      status: 422,
      detail: refund.declineReason,
      instance: '/v1/refunds',
      refund,
    });
    return;
  }
  send(response, replayed ? 200 : 201, 'application/json', refund);
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', `${contentType}; charset=utf-8`);
  response.end(JSON.stringify(body));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
