/**
 * Authenticates a partner's webhook call before its body is validated, in one of two ways:
 *
 * - With `Authorization`, the call is the partner's OAuth client's: the bearer token is verified as
 *   the AccessGuard verifies any (issuer, audience, expiry, the issuer's keys), must carry
 *   `tracking:report` and must have been issued to the OAuth client registered for the partner in the
 *   path. A bad token is a 401, a good one of another client or without the permission a 403.
 * - Without it, the call must be signed with one of the partner's secrets (webhook-signature.ts); a
 *   call that is not is refused as such (401), whatever its body says.
 *
 * A path naming no partner is answered exactly as a wrong signature or another client's token, so the
 * webhook does not tell an unauthenticated caller which partners exist.
 */
import { CanActivate, ExecutionContext, Inject, Injectable, RawBodyRequest } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException, TokenVerifier, admitBearer } from '@rebound/http';
import { CLOCK } from '@rebound/service';
import type { PickupsConfig } from '../config/pickups-config';
import type { Clock } from '../domain/ports';
import { PICKUPS_CONFIG, TOKEN_VERIFIER } from '../providers';
import { PickupsApiService, type WebhookCredentials } from './pickups-api.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, checkWebhookSignature } from './webhook-signature';

/** The permission a partner's own token needs to report tracking events. */
export const TRACKING_PERMISSION = 'tracking:report';

/** Checked against when the partner is unknown: nothing a caller sends can match it. */
const NO_PARTNER_SECRETS = [randomBytes(32).toString('hex')];

type WebhookRequest = RawBodyRequest<{ params: Record<string, string>; headers: IncomingHttpHeaders }>;

@Injectable()
export class WebhookAuthGuard implements CanActivate {
  constructor(
    private readonly api: PickupsApiService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const partnerId = String(request.params['partnerId']);
    const credentials = await this.api.webhookCredentials(partnerId);
    if (request.headers.authorization !== undefined) {
      await this.checkToken(context, request.headers.authorization, partnerId, credentials);
    } else {
      this.checkSignature(request, credentials);
    }
    return true;
  }

  private async checkToken(
    context: ExecutionContext,
    header: string,
    partnerId: string,
    credentials: WebhookCredentials | undefined,
  ): Promise<void> {
    const caller = await admitBearer(context, this.verifier, header, TRACKING_PERMISSION);
    if (credentials?.oauthClientId !== caller.clientId) {
      throw new ProblemException({
        status: 403,
        slug: 'not-partner-client',
        title: 'Not the partner’s own client',
        detail: `the token's client ${caller.clientId || '(none)'} is not the OAuth client registered for partner ${partnerId}`,
      });
    }
  }

  private checkSignature(request: WebhookRequest, credentials: WebhookCredentials | undefined): void {
    const check = checkWebhookSignature({
      secrets: credentials?.secrets ?? NO_PARTNER_SECRETS,
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
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
