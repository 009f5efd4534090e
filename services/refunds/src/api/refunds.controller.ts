/** REST for support, finance and ops: refunds by return, by order and by state, with their payment attempts. */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Page } from '@rebound/kernel';
import { ApiPageResponse, ApiProblemResponses, type Caller, CallerOf, PageQuery, Requires } from '@rebound/http';
import { RefundActionRequest } from './dto/refund-action.request';
import {
  OrderRefundPageResponse,
  RefundListResponse,
  RefundResponse,
  RefundsByStateQuery,
} from './dto/refund.response';
import { RefundsApiService } from './refunds-api.service';

@ApiTags('refunds')
@Controller()
export class RefundsController {
  constructor(private readonly api: RefundsApiService) {}

  @Get('v1/returns/:returnId/refunds')
  @Requires('refunds:read')
  @ApiOperation({ summary: 'The refunds of a return (instant and final), with payment attempts and adjustments.' })
  @ApiOkResponse({ type: RefundListResponse })
  @ApiProblemResponses(400)
  ofReturn(@Param('returnId') returnId: string, @CallerOf() caller: Caller): Promise<RefundListResponse> {
    return this.api.ofReturn(returnId, caller);
  }

  @Get('v1/orders/:orderId/refunds')
  @Requires('refunds:read')
  @ApiOperation({
    summary: 'The refunds of an order’s returns, oldest first, cursor-paginated, and what they refunded in all.',
  })
  @ApiOkResponse({ type: OrderRefundPageResponse })
  @ApiProblemResponses(400)
  ofOrder(
    @Param('orderId') orderId: string,
    @Query() query: PageQuery,
    @CallerOf() caller: Caller,
  ): Promise<OrderRefundPageResponse> {
    return this.api.ofOrder(orderId, query, caller);
  }

  @Get('v1/refunds')
  @Requires('refunds:read')
  @ApiOperation({ summary: 'Refunds in a state (say, needs_attention), oldest change first; cursor-paginated.' })
  @ApiPageResponse(RefundResponse)
  @ApiProblemResponses(400)
  inState(@Query() query: RefundsByStateQuery, @CallerOf() caller: Caller): Promise<Page<RefundResponse>> {
    return this.api.inState(query, caller);
  }

  @Get('v1/refunds/:refundId')
  @Requires('refunds:read')
  @ApiOperation({ summary: 'One refund: its amount, method, state and payment attempts.' })
  @ApiOkResponse({ type: RefundResponse })
  @ApiProblemResponses(400, 404)
  refund(@Param('refundId') refundId: string, @CallerOf() caller: Caller): Promise<RefundResponse> {
    return this.api.refund(refundId, caller);
  }

  @Post('v1/refunds/:refundId/retry')
  @Requires('refunds:operate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ops: pay a failed refund, or one that needs attention, again on the original payment method.',
    description:
      'For ops (the payments team) only. A declined charge is paid again under a new idempotency key; a charge ' +
      'whose last call may have been applied is looked up first. Recorded with the reason and the operator (the ' +
      'subject of the caller’s token, and its client), and announced as RefundRetried.',
  })
  @ApiOkResponse({ type: RefundResponse })
  @ApiProblemResponses(400, 404, 409)
  retry(
    @Param('refundId') refundId: string,
    @Body() body: RefundActionRequest,
    @CallerOf() caller: Caller,
  ): Promise<RefundResponse> {
    return this.api.retry(refundId, body, caller);
  }

  @Post('v1/refunds/:refundId/fall-back-to-store-credit')
  @Requires('refunds:operate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ops: pay what a failed refund, or one that needs attention, left unpaid as store credit instead.',
    description:
      'For ops (the payments team) only. The refund is superseded by a store-credit refund of what it had not ' +
      'paid, without bonus (the answer is that new refund). Recorded with the reason and the operator (the ' +
      'subject of the caller’s token, and its client), and announced as RefundSuperseded and StoreCreditIssued.',
  })
  @ApiOkResponse({ type: RefundResponse })
  @ApiProblemResponses(400, 404, 409)
  fallBack(
    @Param('refundId') refundId: string,
    @Body() body: RefundActionRequest,
    @CallerOf() caller: Caller,
  ): Promise<RefundResponse> {
    return this.api.fallBackToStoreCredit(refundId, body, caller);
  }
}
