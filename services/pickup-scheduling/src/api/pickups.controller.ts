/** REST for reading pickups and labels, with the partner choice and tracking history. */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Page } from '@rebound/kernel';
import { ApiPageResponse, ApiProblemResponses, Requires } from '@rebound/http';
import { ListPickupsQuery } from './dto/list-pickups.query';
import { PickupResponse, PickupSummaryResponse } from './dto/pickup.response';
import { PickupsApiService } from './pickups-api.service';

@ApiTags('pickups')
@Controller('v1/pickups')
export class PickupsController {
  constructor(private readonly api: PickupsApiService) {}

  @Get()
  @Requires('pickups:read')
  @ApiOperation({ summary: 'Pickups and labels, newest first, by return, partner or state; cursor-paginated.' })
  @ApiPageResponse(PickupSummaryResponse)
  @ApiProblemResponses(400)
  list(@Query() query: ListPickupsQuery): Promise<Page<PickupSummaryResponse>> {
    return this.api.listPickups(query);
  }

  @Get(':pickupId')
  @Requires('pickups:read')
  @ApiOperation({ summary: 'A pickup: its partner and why, its slot, attempts and tracking history.' })
  @ApiOkResponse({ type: PickupResponse })
  @ApiProblemResponses(400, 404)
  get(@Param('pickupId') pickupId: string): Promise<PickupResponse> {
    return this.api.getPickup(pickupId);
  }
}
