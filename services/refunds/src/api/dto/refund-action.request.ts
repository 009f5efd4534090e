/** `POST /v1/refunds/{id}/retry` and `/fall-back-to-store-credit`: who decided, and why. */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefundActionRequest {
  @ApiProperty({ example: 'ops-anna', description: 'The operator taking the action; recorded with it.' })
  @IsString()
  @Length(1, 64)
  operatorId!: string;
  @ApiProperty({ example: 'Customer confirmed the card is active again.', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
