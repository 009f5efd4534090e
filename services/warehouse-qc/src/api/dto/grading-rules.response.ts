import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISPOSITIONS } from '@rebound/contracts';

export class GradeResponse {
  @ApiProperty({ example: 'A' }) code!: string;
  @ApiProperty() description!: string;
}

export class ChecklistItemResponse {
  @ApiProperty({ example: 'tags_attached', description: 'The key to answer under in `checklist`.' }) key!: string;
  @ApiProperty() question!: string;
  @ApiPropertyOptional({ description: 'A "no" flags the line serial_mismatch.' }) serialCheck?: boolean;
}

export class CategoryChecklistResponse {
  @ApiProperty({ example: 'apparel', description: 'A category, or `*` for the others.' }) category!: string;
  @ApiProperty({ type: [ChecklistItemResponse] }) items!: ChecklistItemResponse[];
}

export class DispositionRuleResponse {
  @ApiProperty({ example: '*' }) category!: string;
  @ApiProperty({ example: 'C' }) grade!: string;
  @ApiProperty({ enum: DISPOSITIONS }) disposition!: string;
}

export class GradingRulesResponse {
  @ApiProperty({ type: [GradeResponse] }) grades!: GradeResponse[];
  @ApiProperty({ type: [CategoryChecklistResponse] }) checklists!: CategoryChecklistResponse[];
  @ApiProperty({ type: [DispositionRuleResponse] }) dispositions!: DispositionRuleResponse[];
}
