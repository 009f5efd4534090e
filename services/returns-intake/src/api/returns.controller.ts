/** REST for returns: preview, open (idempotent), read, list, and the agent and customer actions. */
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { type Page } from '@rebound/kernel';
import { ApiPageResponse, ApiProblemResponses, CallerOf, type Caller, Requires } from '@rebound/http';
import { ListReturnsQuery } from './dto/list-returns.query';
import { OpenReturnRequest, PreviewReturnRequest } from './dto/open-return.request';
import { PreviewReturnResponse } from './dto/preview-return.response';
import { ReturnProblemResponse } from './dto/return-problem.response';
import { ReturnResponse, ReturnSummaryResponse, StuckReturnResponse } from './dto/return.response';
import { CancelReturnRequest, ReviewReturnRequest } from './dto/review-return.request';
import { StuckReturnsQuery } from './dto/stuck-returns.query';
import { ReturnsApiService } from './returns-api.service';

const COVERAGE_PROBLEMS =
  'no partner can collect it — `address-not-served`, `method-not-served`, or `window-not-served` (no pickup slot ' +
  'lies wholly inside `pickup.window`), which carries `suggestedPickupWindows`.';

/** A 422 that may carry the coverage problems' extension. */
const ApiUnprocessableReturn = (when: string) =>
  ApiResponse({
    status: 422,
    description: `${when}${COVERAGE_PROBLEMS}`,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ReturnProblemResponse) } } },
  });

const OPENING_REFUSED =
  'The return cannot be opened as asked: input the policy refuses (`return-not-acceptable`, `unknown-order`), or ';

@ApiTags('returns')
@ApiExtraModels(ReturnProblemResponse)
@Controller('v1/returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsApiService) {}

  @Post('preview')
  @Requires('returns:write', { customers: 'own' })
  @HttpCode(200)
  @ApiOperation({ summary: 'What the policy would decide for a proposed return, per line. Creates nothing.' })
  @ApiOkResponse({ type: PreviewReturnResponse })
  @ApiProblemResponses(400)
  @ApiUnprocessableReturn(OPENING_REFUSED)
  preview(@Body() body: PreviewReturnRequest, @CallerOf() caller: Caller): Promise<PreviewReturnResponse> {
    return this.returns.preview(body, caller);
  }

  @Post()
  @Requires('returns:write', { customers: 'own' })
  @ApiOperation({
    summary: 'Open a return. Decided at once: approved, rejected (reasons per line) or pending_review.',
    description:
      'With an Idempotency-Key, retrying the same body answers with the same return (header `Idempotent-Replayed: true`); ' +
      'the same key with a different body is refused with 409.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-255 printable ASCII characters.' })
  @ApiCreatedResponse({ type: ReturnResponse })
  @ApiProblemResponses(400, 409)
  @ApiUnprocessableReturn(OPENING_REFUSED)
  async open(
    @Body() body: OpenReturnRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
    @CallerOf() caller: Caller,
  ): Promise<ReturnResponse> {
    const result = await this.returns.open(body, caller, idempotencyKey);
    response.setHeader('Location', `/v1/returns/${result.body.returnId}`);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @Requires('returns:read', { customers: 'own' })
  @ApiOperation({ summary: 'Returns, newest first, filtered by order, customer or status; cursor-paginated.' })
  @ApiPageResponse(ReturnSummaryResponse)
  @ApiProblemResponses(400)
  list(@Query() query: ListReturnsQuery, @CallerOf() caller: Caller): Promise<Page<ReturnSummaryResponse>> {
    return this.returns.list(query, caller);
  }

  // Before `:returnId`, which would take `stuck` for an id.
  @Get('stuck')
  @Requires('returns:operate')
  @ApiOperation({
    summary: 'Returns resting in a status longer than it allows (`STUCK_AFTER`), longest without progress first.',
    description:
      'Progress is a status change or a fact about the return reaching its timeline; ended returns are never stuck. ' +
      'For ops: a return here waits on something nobody is doing (an approval dead-lettered downstream, a partner ' +
      'that never reported, a refund nobody retried).',
  })
  @ApiPageResponse(StuckReturnResponse)
  @ApiProblemResponses(400)
  stuck(@Query() query: StuckReturnsQuery, @CallerOf() caller: Caller): Promise<Page<StuckReturnResponse>> {
    return this.returns.stuck(query, caller);
  }

  @Get(':returnId')
  @Requires('returns:read', { customers: 'own' })
  @ApiOperation({ summary: 'Status, lines, decision, refunds and the timeline of a return.' })
  @ApiOkResponse({ type: ReturnResponse })
  @ApiProblemResponses(400, 404)
  get(@Param('returnId') returnId: string, @CallerOf() caller: Caller): Promise<ReturnResponse> {
    return this.returns.get(returnId, caller);
  }

  @Post(':returnId/approve')
  @Requires('returns:review')
  @HttpCode(200)
  @ApiOperation({ summary: 'An agent approves a return pending review.' })
  @ApiOkResponse({ type: ReturnResponse })
  @ApiProblemResponses(400, 404, 409)
  @ApiUnprocessableReturn('The return cannot be approved now: ')
  approve(
    @Param('returnId') returnId: string,
    @Body() body: ReviewReturnRequest,
    @CallerOf() caller: Caller,
  ): Promise<ReturnResponse> {
    return this.returns.review(returnId, 'approved', body, caller);
  }

  @Post(':returnId/reject')
  @Requires('returns:review')
  @HttpCode(200)
  @ApiOperation({ summary: 'An agent rejects a return pending review.' })
  @ApiOkResponse({ type: ReturnResponse })
  @ApiProblemResponses(400, 404, 409)
  reject(
    @Param('returnId') returnId: string,
    @Body() body: ReviewReturnRequest,
    @CallerOf() caller: Caller,
  ): Promise<ReturnResponse> {
    return this.returns.review(returnId, 'rejected', body, caller);
  }

  @Post(':returnId/cancel')
  @Requires('returns:write', { customers: 'own' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a return; possible until the parcel is in transit.' })
  @ApiOkResponse({ type: ReturnResponse })
  @ApiProblemResponses(400, 404, 409)
  cancel(
    @Param('returnId') returnId: string,
    @Body() body: CancelReturnRequest,
    @CallerOf() caller: Caller,
  ): Promise<ReturnResponse> {
    return this.returns.cancel(returnId, body, caller);
  }
}
