/**
 * REST for a customer's store credit: the balance per currency and its ledger (for the customer, the
 * storefront and support), and redemption at checkout (for the storefront).
 */
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { type Page } from '@rebound/kernel';
import { ApiPageResponse, ApiProblemResponses, type Caller, CallerOf, Requires } from '@rebound/http';
import { RedeemStoreCreditRequest } from './dto/redeem-store-credit.request';
import {
  RedemptionResponse,
  StoreCreditEntriesQuery,
  StoreCreditEntryResponse,
  StoreCreditResponse,
} from './dto/store-credit.response';
import { StoreCreditApiService } from './store-credit-api.service';

@ApiTags('store credit')
@Controller()
export class StoreCreditController {
  constructor(private readonly api: StoreCreditApiService) {}

  @Get('v1/customers/:customerId/store-credit')
  @Requires('store-credit:read', { customers: 'own' })
  @ApiOperation({
    summary: 'A customer’s store-credit balance in each currency; an empty list when they never held any.',
    description: 'A customer’s own token reads only that customer’s balance (another’s is a 404).',
  })
  @ApiOkResponse({ type: StoreCreditResponse })
  @ApiProblemResponses(400, 404)
  balances(@Param('customerId') customerId: string, @CallerOf() caller: Caller): Promise<StoreCreditResponse> {
    return this.api.balances(customerId, caller);
  }

  @Get('v1/customers/:customerId/store-credit/entries')
  @Requires('store-credit:read', { customers: 'own' })
  @ApiOperation({
    summary: 'Every change of a customer’s store credit, newest first, with the balance after it; cursor-paginated.',
    description: 'A customer’s own token reads only that customer’s ledger (another’s is a 404).',
  })
  @ApiPageResponse(StoreCreditEntryResponse)
  @ApiProblemResponses(400, 404)
  entries(
    @Param('customerId') customerId: string,
    @Query() query: StoreCreditEntriesQuery,
    @CallerOf() caller: Caller,
  ): Promise<Page<StoreCreditEntryResponse>> {
    return this.api.entries(customerId, query, caller);
  }

  @Post('v1/customers/:customerId/store-credit/redemptions')
  @Requires('store-credit:redeem')
  @ApiOperation({
    summary: 'Checkout: spend some of a customer’s store credit; the answer says what is left.',
    description:
      'The Idempotency-Key header is required, and is the calling client’s own: retrying the same body answers ' +
      'with the same redemption (200, header `Idempotent-Replayed: true`); the same key with a different body is ' +
      'refused with 409 `idempotency-key-reused`. A balance short of the amount refuses the redemption with 409 ' +
      '`insufficient-store-credit`, naming the balance, and changes nothing. The caller, from its token, is ' +
      'recorded as `redeemedBy`; the change is announced as StoreCreditBalanceChanged on refunds.store-credit.v1.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '1-255 printable ASCII characters.' })
  @ApiCreatedResponse({ type: RedemptionResponse })
  @ApiOkResponse({ type: RedemptionResponse, description: 'A repeat of a redemption: its first answer.' })
  @ApiProblemResponses(400, 409)
  async redeem(
    @Param('customerId') customerId: string,
    @Body() body: RedeemStoreCreditRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
    @CallerOf() caller: Caller,
  ): Promise<RedemptionResponse> {
    const result = await this.api.redeem(customerId, body, idempotencyKey, caller);
    if (result.replayed) {
      response.statusCode = 200;
      response.setHeader('Idempotent-Replayed', 'true');
    }
    return result.body;
  }
}
