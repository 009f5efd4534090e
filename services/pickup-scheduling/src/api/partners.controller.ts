/**
 * REST for partner administration — webhook secrets included — and the webhook partners post tracking
 * events to, signed or with their own OAuth client's token.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Page } from '@rebound/kernel';
import {
  ApiPageResponse,
  ApiProblemResponses,
  type Caller,
  CallerOf,
  OpenRoute,
  PageQuery,
  Requires,
  actorOf,
} from '@rebound/http';
import { CreatePartnerRequest, PartnerTermsRequest, RotateWebhookSecretRequest } from './dto/partner.request';
import {
  CreatedPartnerResponse,
  PartnerResponse,
  RejectedEventResponse,
  RotatedWebhookSecretResponse,
  SlotUsageResponse,
} from './dto/partner.response';
import { SlotUsageQuery } from './dto/list-pickups.query';
import { TrackingAcceptedResponse } from './dto/pickup.response';
import { TrackingEventRequest } from './dto/tracking-event.request';
import { PickupsApiService } from './pickups-api.service';
import { WebhookAuthGuard } from './webhook-auth.guard';

@ApiTags('partners')
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly api: PickupsApiService) {}

  @Post()
  @Requires('partners:admin')
  @ApiOperation({
    summary: 'Register a 3PL partner; creates its bookings and tracking topics.',
    description:
      'The service generates the webhook signing secret; this answer is the only place it is shown. ' +
      'It is kept encrypted. The caller, from its token, is recorded as `createdBy` (and `updatedBy`).',
  })
  @ApiCreatedResponse({ type: CreatedPartnerResponse })
  @ApiProblemResponses(400, 409)
  create(@Body() body: CreatePartnerRequest, @CallerOf() caller: Caller): Promise<CreatedPartnerResponse> {
    return this.api.createPartner(body, actorOf(caller));
  }

  @Get()
  @Requires('pickups:read')
  @ApiOperation({ summary: 'Partners by id; cursor-paginated.' })
  @ApiPageResponse(PartnerResponse)
  @ApiProblemResponses(400)
  list(@Query() query: PageQuery): Promise<Page<PartnerResponse>> {
    return this.api.listPartners(query.limit, query.cursor);
  }

  @Get(':partnerId')
  @Requires('pickups:read')
  @ApiOperation({ summary: 'One partner: its terms, service areas, slot windows and topics.' })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblemResponses(404)
  get(@Param('partnerId') partnerId: string): Promise<PartnerResponse> {
    return this.api.getPartner(partnerId);
  }

  @Put(':partnerId')
  @Requires('partners:admin')
  @ApiOperation({
    summary: 'Change a partner’s terms; bookings already made keep theirs.',
    description: 'The caller, from its token, is recorded as `updatedBy`.',
  })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblemResponses(400, 404)
  update(
    @Param('partnerId') partnerId: string,
    @Body() body: PartnerTermsRequest,
    @CallerOf() caller: Caller,
  ): Promise<PartnerResponse> {
    return this.api.updatePartner(partnerId, body, actorOf(caller));
  }

  @Post(':partnerId/webhook-secret/rotate')
  @Requires('partners:admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give a partner a new webhook signing secret, shown only in this answer.',
    description:
      'The secret it replaces keeps verifying for `previousValidForSeconds` (a day unless given, at most a ' +
      'week), then only the new one does. A secret replaced before that stops at once. Who rotated is recorded.',
  })
  @ApiOkResponse({ type: RotatedWebhookSecretResponse })
  @ApiProblemResponses(400, 404)
  rotate(
    @Param('partnerId') partnerId: string,
    @Body() body: RotateWebhookSecretRequest,
    @CallerOf() caller: Caller,
  ): Promise<RotatedWebhookSecretResponse> {
    return this.api.rotateWebhookSecret(partnerId, body, actorOf(caller));
  }

  @Get(':partnerId/slots')
  @Requires('pickups:read')
  @ApiOperation({ summary: 'Booked and total capacity of the partner’s slots that have bookings.' })
  @ApiOkResponse({ type: [SlotUsageResponse] })
  @ApiProblemResponses(400, 404)
  slots(@Param('partnerId') partnerId: string, @Query() query: SlotUsageQuery): Promise<SlotUsageResponse[]> {
    return this.api.slotUsage(partnerId, query);
  }

  @Get(':partnerId/rejected-events')
  @Requires('pickups:read')
  @ApiOperation({ summary: 'Tracking events refused as not about one of the partner’s pickups, oldest first.' })
  @ApiPageResponse(RejectedEventResponse)
  @ApiProblemResponses(400, 404)
  rejected(@Param('partnerId') partnerId: string, @Query() query: PageQuery): Promise<Page<RejectedEventResponse>> {
    return this.api.rejectedEvents(partnerId, query.limit, query.cursor);
  }

  @Post(':partnerId/tracking-events')
  @OpenRoute(
    'partners authenticate with a signature by their own webhook secret, or with a token of their own OAuth ' +
      'client carrying tracking:report (WebhookAuthGuard)',
  )
  @HttpCode(202)
  @UseGuards(WebhookAuthGuard)
  @ApiOperation({
    summary: 'A partner reports a tracking event (signed, or with the partner’s own token).',
    description:
      'Sign `<Rebound-Timestamp>.<raw body>` with HMAC-SHA256 and the partner’s secret (during a rotation, ' +
      'either secret). Requests more than WEBHOOK_TOLERANCE_SECONDS (300) from now are refused; a repeat of an ' +
      'eventId changes nothing. Or, instead of signing, send `Authorization: Bearer <token>` with a token of the ' +
      'OAuth client registered as the partner’s `oauthClientId`, carrying `tracking:report`: a call with ' +
      '`Authorization` is judged by its token alone.',
  })
  @ApiHeader({ name: 'Rebound-Timestamp', required: false, description: 'Unix time in seconds; signed calls.' })
  @ApiHeader({
    name: 'Rebound-Signature',
    required: false,
    description: '`v1=` and the hex HMAC-SHA256; signed calls.',
  })
  @ApiAcceptedResponse({ type: TrackingAcceptedResponse })
  @ApiProblemResponses(400, 401, 403, 404, 422, 503)
  track(@Param('partnerId') partnerId: string, @Body() body: TrackingEventRequest): Promise<TrackingAcceptedResponse> {
    return this.api.recordWebhook(partnerId, body);
  }
}
