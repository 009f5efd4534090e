/** REST for partner administration, and the signed webhook partners post tracking events to. */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse, ApiProblemResponses, OpenRoute, type Page, PageQuery, Requires } from '@rebound/http';
import { CreatePartnerRequest, PartnerTermsRequest } from './dto/partner.request';
import {
  CreatedPartnerResponse,
  PartnerResponse,
  RejectedEventResponse,
  SlotUsageResponse,
} from './dto/partner.response';
import { SlotUsageQuery } from './dto/list-pickups.query';
import { TrackingAcceptedResponse } from './dto/pickup.response';
import { TrackingEventRequest } from './dto/tracking-event.request';
import { PickupsApiService } from './pickups-api.service';
import { WebhookSignatureGuard } from './webhook-signature.guard';

@ApiTags('partners')
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly api: PickupsApiService) {}

  @Post()
  @Requires('partners:admin')
  @ApiOperation({
    summary: 'Register a 3PL partner; creates its bookings and tracking topics.',
    description: 'The answer is the only place the webhook signing secret is shown.',
  })
  @ApiCreatedResponse({ type: CreatedPartnerResponse })
  @ApiProblemResponses(400, 409)
  create(@Body() body: CreatePartnerRequest): Promise<CreatedPartnerResponse> {
    return this.api.createPartner(body);
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
  @ApiOperation({ summary: 'Change a partner’s terms; bookings already made keep theirs.' })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblemResponses(400, 404)
  update(@Param('partnerId') partnerId: string, @Body() body: PartnerTermsRequest): Promise<PartnerResponse> {
    return this.api.updatePartner(partnerId, body);
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
  @OpenRoute('partners sign their webhook calls with their own secret (WebhookSignatureGuard)')
  @HttpCode(202)
  @UseGuards(WebhookSignatureGuard)
  @ApiOperation({
    summary: 'A partner reports a tracking event (signed webhook).',
    description:
      'Sign `<Rebound-Timestamp>.<raw body>` with HMAC-SHA256 and the partner’s secret. Requests more than ' +
      'WEBHOOK_TOLERANCE_SECONDS (300) from now are refused; a repeat of an eventId changes nothing.',
  })
  @ApiHeader({ name: 'Rebound-Timestamp', required: true, description: 'Unix time in seconds.' })
  @ApiHeader({ name: 'Rebound-Signature', required: true, description: '`v1=` and the hex HMAC-SHA256.' })
  @ApiAcceptedResponse({ type: TrackingAcceptedResponse })
  @ApiProblemResponses(400, 401, 403, 404, 422)
  track(@Param('partnerId') partnerId: string, @Body() body: TrackingEventRequest): Promise<TrackingAcceptedResponse> {
    return this.api.recordWebhook(partnerId, body);
  }
}
