/** The 422 of preview and open: the return cannot be opened as asked, and why, field by field. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldProblem, ProblemDetails } from '@rebound/http';

export class ReturnFieldProblem extends FieldProblem {
  @ApiPropertyOptional({
    example: 'window-not-served',
    description: 'What is wrong, for programs to branch on: a policy code (`window-closed`) or a coverage one.',
  })
  code?: string;
}

export class SuggestedPickupWindow {
  @ApiProperty({ format: 'date-time', example: '2026-12-03T08:00:00.000Z' }) from!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T12:00:00.000Z' }) to!: string;
}

export class ReturnProblemResponse extends ProblemDetails {
  @ApiPropertyOptional({ type: [ReturnFieldProblem] })
  declare errors?: ReturnFieldProblem[];

  @ApiPropertyOptional({
    type: [SuggestedPickupWindow],
    description:
      'With `window-not-served` only: the partners’ pickup slots nearest to the window asked for, earliest first. ' +
      'Each would be accepted as `pickup.window`.',
  })
  suggestedPickupWindows?: SuggestedPickupWindow[];
}
