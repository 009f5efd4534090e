/** REST for the warehouse app: the queue, claiming, recording, completing, and supervisors' holds. */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, ApiProblemResponses, type Page, Requires } from '@rebound/http';
import {
  ClaimRequest,
  CompleteRequest,
  QueueQuery,
  RecordLineRequest,
  ResolveHoldRequest,
  UnexpectedItemRequest,
} from './dto/inspection.requests';
import { InspectionResponse } from './dto/inspection.response';
import { QcApiService } from './qc-api.service';

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
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  claim(@Param('inspectionId') inspectionId: string, @Body() body: ClaimRequest): Promise<InspectionResponse> {
    return this.api.claim(inspectionId, body);
  }

  @Put('v1/inspections/:inspectionId/lines/:lineId')
  @Requires('qc:inspect')
  @ApiOperation({ summary: 'Record what was found for an expected line (the claimant only).' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  record(
    @Param('inspectionId') inspectionId: string,
    @Param('lineId') lineId: string,
    @Body() body: RecordLineRequest,
  ): Promise<InspectionResponse> {
    return this.api.record(inspectionId, lineId, body);
  }

  @Post('v1/inspections/:inspectionId/unexpected-items')
  @Requires('qc:inspect')
  @ApiOperation({ summary: 'Record an item in the parcel that was not part of the return.' })
  @ApiCreatedResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  unexpected(
    @Param('inspectionId') inspectionId: string,
    @Body() body: UnexpectedItemRequest,
  ): Promise<InspectionResponse> {
    return this.api.addUnexpected(inspectionId, body);
  }

  @Post('v1/inspections/:inspectionId/complete')
  @Requires('qc:inspect')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete once every expected line is recorded; a mismatch holds it for a supervisor instead.',
  })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  complete(@Param('inspectionId') inspectionId: string, @Body() body: CompleteRequest): Promise<InspectionResponse> {
    return this.api.complete(inspectionId, body);
  }

  @Post('v1/inspections/:inspectionId/resolve')
  @Requires('qc:supervise')
  @HttpCode(200)
  @ApiOperation({ summary: 'A supervisor resolves a held inspection, correcting lines if needed; it then completes.' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiProblemResponses(400, 404, 409)
  resolve(@Param('inspectionId') inspectionId: string, @Body() body: ResolveHoldRequest): Promise<InspectionResponse> {
    return this.api.resolve(inspectionId, body);
  }
}
