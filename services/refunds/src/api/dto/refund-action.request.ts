/**
 * `POST /v1/refunds/{id}/retry` and `/fall-back-to-store-credit`: why. Who decided is not the body's
 * to say: it is the caller whose token the request carries.
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefundActionRequest {
  @ApiProperty({ example: 'Customer confirmed the card is active again.', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
