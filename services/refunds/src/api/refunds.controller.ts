/** REST for support, finance and ops: refunds by return, by order and by state, with their payment attempts. */
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, ApiProblemResponses, type Page } from '@rebound/http';
import { RefundListResponse, RefundResponse, RefundsByStateQuery } from './dto/refund.response';
import { RefundsApiService } from './refunds-api.service';

@ApiTags('refunds')
@Controller()
export class RefundsController {
  constructor(private readonly api: RefundsApiService) {}

  @Get('v1/returns/:returnId/refunds')
  @ApiOperation({ summary: 'The refunds of a return (instant and final), with payment attempts and adjustments.' })
  @ApiOkResponse({ type: RefundListResponse })
  @ApiProblemResponses(400)
  ofReturn(@Param('returnId') returnId: string): Promise<RefundListResponse> {
    return this.api.ofReturn(returnId);
  }

  @Get('v1/orders/:orderId/refunds')
  @ApiOperation({ summary: 'Every refund of an order’s returns, and what they refunded in all.' })
  @ApiOkResponse({ type: RefundListResponse })
  ofOrder(@Param('orderId') orderId: string): Promise<RefundListResponse> {
    return this.api.ofOrder(orderId);
  }

  @Get('v1/refunds')
  @ApiOperation({ summary: 'Refunds in a state (say, needs_attention), oldest change first; cursor-paginated.' })
  @ApiPageResponse(RefundResponse)
  @ApiProblemResponses(400)
  inState(@Query() query: RefundsByStateQuery): Promise<Page<RefundResponse>> {
    return this.api.inState(query);
  }

  @Get('v1/refunds/:refundId')
  @ApiOperation({ summary: 'One refund: its amount, method, state and payment attempts.' })
  @ApiOkResponse({ type: RefundResponse })
  @ApiProblemResponses(400, 404)
  refund(@Param('refundId') refundId: string): Promise<RefundResponse> {
    return this.api.refund(refundId);
  }

  @Post('v1/refunds/:refundId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a refund that needs attention back for a new round of payment attempts.' })
  @ApiOkResponse({ type: RefundResponse })
  @ApiProblemResponses(400, 404, 409)
  retry(@Param('refundId') refundId: string): Promise<RefundResponse> {
    return this.api.retry(refundId);
  }
}
