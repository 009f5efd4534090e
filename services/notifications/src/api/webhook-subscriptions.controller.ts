/**
 * REST for merchants' webhook administration: subscriptions, their secrets, and the delivery log with
 * redelivery. Everything needs `webhooks:admin`; who made a change is the verified caller, recorded
 * with it, never a field of the body.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Page } from '@rebound/kernel';
import {
  ApiPageResponse,
  ApiProblemResponses,
  actorOf,
  type Caller,
  CallerOf,
  PageQuery,
  Requires,
} from '@rebound/http';
import {
  CreateSubscriptionRequest,
  DeliveriesQuery,
  RotateSecretRequest,
  UpdateSubscriptionRequest,
} from './dto/subscription.requests';
import {
  CreatedSubscriptionResponse,
  DeliveryResponse,
  RotatedSecretResponse,
  SubscriptionResponse,
} from './dto/subscription.responses';
import { WebhooksApiService } from './webhooks-api.service';

const RECORDED = 'The caller, from its token, is recorded as `updatedBy`.';

@ApiTags('webhook subscriptions')
@Controller('v1/webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly api: WebhooksApiService) {}

  @Post()
  @Requires('webhooks:admin')
  @ApiOperation({
    summary: 'Subscribe a URL to public events, optionally only those of some orders, customers or loyalty tiers.',
    description:
      'The service generates the Standard Webhooks signing secret (`whsec_…`); this answer is the only place it ' +
      'is shown, and it is kept encrypted. The caller, from its token, is recorded as `createdBy`.',
  })
  @ApiCreatedResponse({ type: CreatedSubscriptionResponse })
  @ApiProblemResponses(400, 422)
  create(@Body() body: CreateSubscriptionRequest, @CallerOf() caller: Caller): Promise<CreatedSubscriptionResponse> {
    return this.api.create(body, actorOf(caller));
  }

  @Get()
  @Requires('webhooks:admin')
  @ApiOperation({ summary: 'Subscriptions, oldest first; cursor-paginated. Secrets are never listed.' })
  @ApiPageResponse(SubscriptionResponse)
  @ApiProblemResponses(400)
  list(@Query() query: PageQuery): Promise<Page<SubscriptionResponse>> {
    return this.api.list(query);
  }

  @Get(':subscriptionId')
  @Requires('webhooks:admin')
  @ApiOperation({ summary: 'One subscription: where it sends what, and whether it is active (and if not, why).' })
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiProblemResponses(400, 404)
  get(@Param('subscriptionId') subscriptionId: string): Promise<SubscriptionResponse> {
    return this.api.get(subscriptionId);
  }

  @Patch(':subscriptionId')
  @Requires('webhooks:admin')
  @ApiOperation({
    summary: 'Change a subscription: URL, event types, filter, description, or activate/deactivate it.',
    description: 'Activating one disabled for failing gives its pending deliveries a new retry period. ' + RECORDED,
  })
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiProblemResponses(400, 404, 422)
  update(
    @Param('subscriptionId') subscriptionId: string,
    @Body() body: UpdateSubscriptionRequest,
    @CallerOf() caller: Caller,
  ): Promise<SubscriptionResponse> {
    return this.api.update(subscriptionId, body, actorOf(caller));
  }

  @Delete(':subscriptionId')
  @Requires('webhooks:admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a subscription: nothing more is sent to it; its delivery log is kept.',
    description: 'The caller, from its token, is recorded as who deleted it.',
  })
  @ApiNoContentResponse()
  @ApiProblemResponses(400, 404)
  async delete(@Param('subscriptionId') subscriptionId: string, @CallerOf() caller: Caller): Promise<void> {
    await this.api.delete(subscriptionId, actorOf(caller));
  }

  @Post(':subscriptionId/rotate-secret')
  @Requires('webhooks:admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new signing secret; the old one keeps signing for an overlap, so the receiver can switch.',
    description:
      'Meanwhile every delivery carries a signature per secret in `webhook-signature`. The new secret is shown ' +
      'only in this answer. ' +
      RECORDED,
  })
  @ApiOkResponse({ type: RotatedSecretResponse })
  @ApiProblemResponses(400, 404)
  rotate(
    @Param('subscriptionId') subscriptionId: string,
    @Body() body: RotateSecretRequest,
    @CallerOf() caller: Caller,
  ): Promise<RotatedSecretResponse> {
    return this.api.rotateSecret(subscriptionId, body, actorOf(caller));
  }
}

@ApiTags('webhook deliveries')
@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly api: WebhooksApiService) {}

  @Get()
  @Requires('webhooks:admin')
  @ApiOperation({ summary: 'The delivery log, newest first, by subscription and status; cursor-paginated.' })
  @ApiPageResponse(DeliveryResponse)
  @ApiProblemResponses(400)
  list(@Query() query: DeliveriesQuery): Promise<Page<DeliveryResponse>> {
    return this.api.deliveries(query);
  }

  @Get(':deliveryId')
  @Requires('webhooks:admin')
  @ApiOperation({ summary: 'One delivery: the body sent, its attempts so far and the last outcome.' })
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiProblemResponses(400, 404)
  get(@Param('deliveryId') deliveryId: string): Promise<DeliveryResponse> {
    return this.api.delivery(deliveryId);
  }

  @Post(':deliveryId/redeliver')
  @Requires('webhooks:admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a delivery again, as soon as the worker gets to it, with a new retry period.',
    description:
      'It keeps its `webhook-id`, so a receiver that processed it already can tell. Its subscription must be ' +
      'active. The caller, from its token, is recorded as `redeliveredBy`.',
  })
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiProblemResponses(400, 404, 409)
  redeliver(@Param('deliveryId') deliveryId: string, @CallerOf() caller: Caller): Promise<DeliveryResponse> {
    return this.api.redeliver(deliveryId, actorOf(caller));
  }
}
