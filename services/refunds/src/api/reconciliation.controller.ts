/** REST for finance and ops: does an order's money add up, per line, and does the provider agree? */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, type Caller, CallerOf, Requires } from '@rebound/http';
import { ReconciliationQuery, ReconciliationResponse } from './dto/reconciliation.response';
import { ReconciliationApiService } from './reconciliation-api.service';

@ApiTags('reconciliation')
@Controller()
export class ReconciliationController {
  constructor(private readonly api: ReconciliationApiService) {}

  @Get('v1/reconciliation')
  @Requires('refunds:read')
  @ApiOperation({
    summary: 'An order’s money per line: captured, refunded by ledger kind, left, claw-backs outstanding.',
    description:
      'Every part refunds paid (or is paying) through the provider is looked up there by its idempotency key, ' +
      'and reported as `agrees`, `disagrees`, `missing` (refunds holds it paid, the provider has no record) or ' +
      '`unknown` (the provider could not be asked). `summary.agrees` is true only when every line is within its ' +
      'captures and every check agrees. A 404 when refunds knows nothing of the order.',
  })
  @ApiOkResponse({ type: ReconciliationResponse })
  @ApiProblemResponses(400, 404)
  ofOrder(@Query() query: ReconciliationQuery, @CallerOf() caller: Caller): Promise<ReconciliationResponse> {
    return this.api.ofOrder(query.orderId, caller);
  }
}
