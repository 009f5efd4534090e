/** REST for sales channels, WMS/OMS and ops: stock per sku, its ledger, movements, the ledger check, restock latency. */
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { type Page } from '@rebound/kernel';
import {
  ApiPageResponse,
  ApiProblemResponses,
  type Caller,
  CallerOf,
  PageQuery,
  Requires,
  actorOf,
} from '@rebound/http';
import { InventoryApiService } from './inventory-api.service';
import { MovementRequest } from './dto/movement.request';
import { LedgerCheckQuery, RestockLatencyQuery } from './dto/stock.queries';
import {
  LedgerCheckResponse,
  LedgerEntryResponse,
  MovementResponse,
  RestockLatencyResponse,
  StockResponse,
} from './dto/stock.response';

@ApiTags('stock')
@Controller()
export class StockController {
  constructor(private readonly api: InventoryApiService) {}

  @Get('v1/stock/:sku')
  @Requires('stock:read')
  @ApiOperation({ summary: 'Stock of a sku per warehouse and bucket, with expected inbound, and totals.' })
  @ApiOkResponse({ type: StockResponse })
  @ApiProblemResponses(400, 404)
  stock(@Param('sku') sku: string): Promise<StockResponse> {
    return this.api.stock(sku);
  }

  @Get('v1/stock/:sku/ledger')
  @Requires('stock:read')
  @ApiOperation({ summary: 'Every movement of a sku, newest first; cursor-paginated.' })
  @ApiPageResponse(LedgerEntryResponse)
  @ApiProblemResponses(400)
  ledger(@Param('sku') sku: string, @Query() query: PageQuery): Promise<Page<LedgerEntryResponse>> {
    return this.api.ledger(sku, query);
  }

  @Post('v1/stock/movements')
  @Requires('stock:write')
  @ApiOperation({
    summary: 'Record stock movements from a WMS or OMS (sales, adjustments, transfers); all lines or none.',
    description:
      'The Idempotency-Key header is required: retrying the same body answers with the same movement ' +
      '(header `Idempotent-Replayed: true`); the same key with a different body is refused with 409 ' +
      '`idempotency-key-reused`. A movement that would take any bucket below zero is refused whole with 409 ' +
      '`insufficient-stock`, listing each shortfall. The caller, from its token, is recorded as `movedBy`; a ' +
      'retry answers with the caller of the first request.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '1-255 printable ASCII characters.' })
  @ApiCreatedResponse({ type: MovementResponse })
  @ApiProblemResponses(400, 409)
  async move(
    @Body() body: MovementRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
    @CallerOf() caller: Caller,
  ): Promise<MovementResponse> {
    const result = await this.api.move(body, idempotencyKey, actorOf(caller));
    if (result.replayed) {
      response.statusCode = 200;
      response.setHeader('Idempotent-Replayed', 'true');
    }
    return result.body;
  }

  @Get('v1/ledger/check')
  @Requires('stock:read')
  @ApiOperation({
    summary: 'Recompute stock levels from the ledger (and expected inbound from its open lines) and compare.',
    description:
      'One window of at most `limit` levels (sku at a warehouse) in sku and warehouse order, with the ledger ' +
      'and open inbound lines of every key up to the last of them; `nextCursor` starts the next window. Every ' +
      'window in turn, until `nextCursor` is null, checks every level and every ledger key once.',
  })
  @ApiOkResponse({ type: LedgerCheckResponse })
  @ApiProblemResponses(400)
  check(@Query() query: LedgerCheckQuery): Promise<LedgerCheckResponse> {
    return this.api.check(query);
  }

  @Get('v1/restock-latency')
  @Requires('stock:read')
  @ApiOperation({ summary: 'p50 and p95 of the time from delivery to the warehouse until restocked, per unit.' })
  @ApiOkResponse({ type: RestockLatencyResponse })
  @ApiProblemResponses(400)
  restockLatency(@Query() query: RestockLatencyQuery): Promise<RestockLatencyResponse> {
    return this.api.restockLatency(query.since);
  }
}
