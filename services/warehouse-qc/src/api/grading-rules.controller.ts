/** The grading rules in force, for the warehouse app to build its forms from. */
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { GradingRules } from '../domain/grading-rules';
import { GradingRulesResponse } from './dto/grading-rules.response';
import { GRADING_RULES } from '../providers';
import { Requires } from '@rebound/http';

@ApiTags('grading rules')
@Controller('v1/grading-rules')
export class GradingRulesController {
  constructor(@Inject(GRADING_RULES) private readonly rules: GradingRules) {}

  @Get()
  @Requires('qc:read')
  @ApiOperation({ summary: 'Grades, the checklist per category, and the disposition per category and grade.' })
  @ApiOkResponse({ type: GradingRulesResponse })
  get(): GradingRulesResponse {
    return this.rules.document;
  }
}
