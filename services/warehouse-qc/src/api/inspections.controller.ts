/**
 * REST for the warehouse app: the queue, claiming, recording, completing, and supervisors' holds.
 * Who claims, records, completes or resolves is the verified caller, never a field of the body.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Page } from '@rebound/kernel';
import { ApiPageResponse, ApiProblemResponses, actorOf, type Caller, CallerOf, Requires } from '@rebound/http';
import { QueueQuery, RecordLineRequest, ResolveHoldRequest, UnexpectedItemRequest } from './dto/inspection.requests';
import { InspectionResponse } from './dto/inspection.response';
import { QcApiService } from './qc-api.service';

/** How each operation that acts says who acts. */
const CALLER =
  'the subject of the bearer token, recorded with the client it was issued to. No body field names who acts';

@ApiTags('inspections')
@Controller()
export class InspectionsController {
  constructor(private readonly api: QcApiService) {}

  @Get('v1/warehouses/:warehouseId/inspections')
  @Requires('qc:read')
  @ApiOperation({
    summary: 'A warehouse’s inspection queue: pending first, then in progress, held, completed; oldest first.',
  })
  @ApiPageResponse(InspectionResponse)
  @ApiProblemResponses(400)
  queue(@Param('warehouseId') warehouseId: string, @Query() query: QueueQuery): Promise<Page<InspectionResponse>> {
    return this.api.queue(warehouseId, query);
  }

  @Get('v1/inspections/:inspectionId')
  @Requires('qc:read')
  @ApiOperation({
    summary: 'One inspection: its state, claim, lines as recorded so far and, once complete, its resolution.',
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404)
  get(@Param('inspectionId') inspectionId: string): Promise<InspectionResponse> {
    return this.api.get(inspectionId);
  }

  @Get('v1/returns/:returnId/inspection')
  @Requires('qc:read')
  @ApiOperation({ summary: 'The inspection of a return’s parcel.' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404)
  ofReturn(@Param('returnId') returnId: string): Promise<InspectionResponse> {
    return this.api.ofReturn(returnId);
  }

  @Post('v1/inspections/:inspectionId/claim')
  @Requires('qc:inspect')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim an inspection (or renew one’s claim); one inspector at a time, until the claim expires.',
    description: `The inspector is the caller: ${CALLER}.`,
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  claim(@Param('inspectionId') inspectionId: string, @CallerOf() caller: Caller): Promise<InspectionResponse> {
    return this.api.claim(inspectionId, actorOf(caller));
  }

  @Put('v1/inspections/:inspectionId/lines/:lineId')
  @Requires('qc:inspect')
  @ApiOperation({
    summary: 'Record what was found for an expected line (the claimant only).',
    description: `The inspector is the caller: ${CALLER}.`,
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  record(
    @Param('inspectionId') inspectionId: string,
    @Param('lineId') lineId: string,
    @Body() body: RecordLineRequest,
    @CallerOf() caller: Caller,
  ): Promise<InspectionResponse> {
    return this.api.record(inspectionId, lineId, actorOf(caller), body);
  }

  @Post('v1/inspections/:inspectionId/unexpected-items')
  @Requires('qc:inspect')
  @ApiOperation({
    summary: 'Record an item in the parcel that was not part of the return (the claimant only).',
    description: `The inspector is the caller: ${CALLER}.`,
  })
  @ApiCreatedResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  unexpected(
    @Param('inspectionId') inspectionId: string,
    @Body() body: UnexpectedItemRequest,
    @CallerOf() caller: Caller,
  ): Promise<InspectionResponse> {
    return this.api.addUnexpected(inspectionId, actorOf(caller), body);
  }

  @Post('v1/inspections/:inspectionId/complete')
  @Requires('qc:inspect')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete once every expected line is recorded; a mismatch holds it for a supervisor instead.',
    description: `The claimant only; the inspector is the caller: ${CALLER}.`,
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  complete(@Param('inspectionId') inspectionId: string, @CallerOf() caller: Caller): Promise<InspectionResponse> {
    return this.api.complete(inspectionId, actorOf(caller));
  }

  @Post('v1/inspections/:inspectionId/resolve')
  @Requires('qc:supervise')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A supervisor resolves a held inspection, correcting lines if needed; it then completes.',
    description: `The supervisor is the caller: ${CALLER}.`,
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  resolve(
    @Param('inspectionId') inspectionId: string,
    @Body() body: ResolveHoldRequest,
    @CallerOf() caller: Caller,
  ): Promise<InspectionResponse> {
    return this.api.resolve(inspectionId, actorOf(caller), body);
  }
}
