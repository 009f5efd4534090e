import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CURRENCY_PATTERN } from '@rebound/contracts';
import { SCRIPTED_OUTCOMES, type ScriptedOutcome } from './sandbox-ledger';

/** A refund (`POST /v1/refunds`) or a charge (`POST /v1/charges`): the same fields. */
export class PaymentBody {
  @ApiProperty({ description: 'The payment refunded or charged again (Rebound sends the charge id).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  paymentReference!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @IsInt()
  @Min(1)
  amountMinor!: number;

  @ApiProperty({ example: 'EUR' })
  @Matches(CURRENCY_PATTERN)
  currency!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** The outcomes of a payment reference's next refund and charge calls. */
export class ScriptBody {
  @ApiProperty({ enum: SCRIPTED_OUTCOMES, isArray: true, description: 'Outcomes of the next calls, in order.' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsIn(SCRIPTED_OUTCOMES, { each: true })
  outcomes!: ScriptedOutcome[];

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 60000, description: 'Added to each of its calls.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;
}
