import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageQuery } from '@rebound/http';
import { PAYMENT_OUTCOMES, REFUND_STATES, type RefundState } from '../../domain/refund';

export class PaymentAttemptResponse {
  @ApiProperty({ enum: ['refund', 'lookup'], description: '`lookup`: asking what an earlier call did.' })
  call!: string;
  @ApiProperty({ enum: PAYMENT_OUTCOMES }) outcome!: string;
  @ApiProperty({ description: 'The provider’s answer as it came (status and body), or what went wrong on the way.' })
  answer!: unknown;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
}

export class AdjustmentResponse {
  @ApiProperty({ type: 'integer', description: 'Clawed back; 0 when the instant refund matched.' })
  adjustmentMinor!: number;
  @ApiProperty({ enum: ['none', 'store_credit_debit', 'charge_request'] }) kind!: string;
  @ApiProperty({ type: 'integer', description: 'What inspection made refundable.' }) refundableMinor!: number;
  @ApiProperty({ format: 'date-time' }) adjustedAt!: string;
}

export class RefundResponse {
  @ApiProperty({ format: 'uuid' }) refundId!: string;
  @ApiProperty({ format: 'uuid' }) returnId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['instant', 'final'] }) phase!: string;
  @ApiProperty({ enum: ['original_payment', 'store_credit'] }) method!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Store credit only: the bonus on top.' }) bonusMinor!: number;
  @ApiProperty({ enum: REFUND_STATES }) state!: string;
  @ApiProperty({ type: 'integer', description: 'Payment calls in the current round.' }) attempts!: number;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) providerReference!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: [PaymentAttemptResponse] }) paymentAttempts!: PaymentAttemptResponse[];
  @ApiPropertyOptional({ type: AdjustmentResponse, nullable: true, description: 'Instant refunds, once reconciled.' })
  adjustment!: AdjustmentResponse | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RefundListResponse {
  @ApiProperty({ type: [RefundResponse] }) items!: RefundResponse[];
  @ApiProperty({ type: 'integer', description: 'Succeeded refunds, bonus excluded, less claw-backs.' })
  refundedMinor!: number;
}

export class RefundsByStateQuery extends PageQuery {
  @ApiProperty({ enum: REFUND_STATES, example: 'needs_attention' })
  @IsIn(REFUND_STATES)
  state!: RefundState;
}
