/**
 * Runs before the body is validated: a request that is not signed by the partner in its path is
 * refused as such (401), whatever its body says. A path naming no partner is answered exactly as a
 * wrong signature, so the webhook does not tell an unauthenticated caller which partners exist.
 */
import { CanActivate, ExecutionContext, Inject, Injectable, RawBodyRequest } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException } from '@rebound/http';
import type { PickupsConfig } from '../config/pickups-config';
import type { Clock } from '../domain/ports';
import { CLOCK, PICKUPS_CONFIG } from '../providers';
import { PickupsApiService } from './pickups-api.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, checkWebhookSignature } from './webhook-signature';

/** Checked against when the partner is unknown: nothing a caller sends can match it. */
const NO_PARTNER_SECRET = randomBytes(32).toString('hex');

@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  constructor(
    private readonly api: PickupsApiService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<RawBodyRequest<{ params: Record<string, string>; headers: IncomingHttpHeaders }>>();
    const partner = await this.api.findPartner(String(request.params['partnerId']));
    const check = checkWebhookSignature({
      secret: partner?.webhookSecret ?? NO_PARTNER_SECRET,
      timestamp: single(request.headers[TIMESTAMP_HEADER]),
      signature: single(request.headers[SIGNATURE_HEADER]),
      rawBody: request.rawBody ?? Buffer.alloc(0),
      now: this.clock.now(),
      toleranceSeconds: this.config.webhookToleranceSeconds,
    });
    if (!check.valid) {
      throw new ProblemException({
        status: 401,
        slug: check.slug,
        title: 'Webhook not authenticated',
        detail: check.detail,
      });
    }
    return true;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
