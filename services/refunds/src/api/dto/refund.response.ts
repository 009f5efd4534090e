import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageQuery } from '@rebound/http';
import { CLAWBACK_REASONS, REFUND_STATES, type RefundState } from '@rebound/contracts';
import { PHASES } from '../../domain/refund';
import { PAYMENT_OUTCOMES } from '../../domain/refund';

export class PaymentAttemptResponse {
  @ApiProperty({ type: 'integer', description: 'The part the call was about.' }) n!: number;
  @ApiProperty({
    enum: ['refund', 'charge', 'lookup'],
    description: '`charge`: a claw-back’s payment; `lookup`: asking what an earlier call did.',
  })
  call!: string;
  @ApiProperty({ enum: PAYMENT_OUTCOMES }) outcome!: string;
  @ApiPropertyOptional({
    nullable: true,
    description:
      'The provider’s answer as it came (status and body), or what went wrong on the way — shown to callers who ' +
      'operate refunds (`refunds:operate`); null for other readers.',
  })
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

export class RefundPaymentResponse {
  @ApiProperty({ type: 'integer', description: 'The part’s number; a retry after a decline adds a new one.' })
  n!: number;
  @ApiProperty({ example: '7c0f….1', description: 'The idempotency key the provider knows the part by.' })
  idempotencyKey!: string;
  @ApiProperty({ example: 'ch_3PqK9x', description: 'The charge paid back (a claw-back: charged again).' })
  chargeId!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
  @ApiProperty({
    enum: ['pending', 'succeeded', 'failed', 'retried', 'superseded', 'cancelled'],
    description: '`retried`: declined, and paid again as a later part by ops’ retry.',
  })
  state!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) providerReference!: string | null;
}

export class RefundActionResponse {
  @ApiProperty({ enum: ['retry', 'fall_back_to_store_credit'] }) action!: string;
  @ApiProperty({ example: 'ops-anna', description: 'The subject of the token the action was taken with.' })
  operatorId!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'rebound-ops',
    description: 'The client that token was issued to; null for actions recorded before tokens were checked.',
  })
  operatorClientId!: string | null;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The store-credit refund.' })
  replacementRefundId!: string | null;
  @ApiProperty({ format: 'date-time' }) actedAt!: string;
}

export class RefundResponse {
  @ApiProperty({ format: 'uuid' }) refundId!: string;
  @ApiProperty({ format: 'uuid' }) returnId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({
    enum: PHASES,
    description:
      'To the customer: `instant` (on approval), `final` (after inspection), `returnless` (lines the customer ' +
      'keeps, on approval), `surplus` (an exchange’s credit beyond its replacements’ cost). From the customer: ' +
      '`clawback` (money a refund or an exchange gave, taken back), `collection` (an exchange’s replacements ' +
      'costing more than its credit). `exchange`: the credit the returned items gave towards their ' +
      'replacements; it moves no money.',
  })
  phase!: string;
  @ApiProperty({ enum: ['original_payment', 'store_credit'] }) method!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Store credit only: the bonus on top.' }) bonusMinor!: number;
  @ApiProperty({ enum: REFUND_STATES }) state!: string;
  @ApiProperty({ type: 'integer', description: 'Payment calls in the current round.' }) attempts!: number;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) providerReference!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: [RefundPaymentResponse], description: 'Original payment: one part per charge paid back.' })
  payments!: RefundPaymentResponse[];
  @ApiProperty({ type: [PaymentAttemptResponse] }) paymentAttempts!: PaymentAttemptResponse[];
  @ApiProperty({ type: [RefundActionResponse], description: 'What ops did about it, oldest first.' })
  actions!: RefundActionResponse[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'A claw-back: the instant refund, exchange or surplus it takes money back from.',
  })
  reverses!: string | null;
  @ApiPropertyOptional({
    enum: CLAWBACK_REASONS,
    nullable: true,
    description:
      'An instant refund: why it is taken back (its return was cancelled or expired, its pickup abandoned, or ' +
      'inspection made less refundable). A claw-back: why it takes money back.',
  })
  reversalReason!: string | null;
  @ApiPropertyOptional({ type: AdjustmentResponse, nullable: true, description: 'Instant refunds, once reconciled.' })
  adjustment!: AdjustmentResponse | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** How one exchanged line was settled when its replacement shipped. */
export class ExchangeLineResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty({ type: 'integer', description: 'What the returned units were worth.' }) creditMinor!: number;
  @ApiProperty({ type: 'integer', description: 'The replacement’s unit price × its quantity.' })
  replacementCostMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Credit beyond the cost: refunded (phase `surplus`).' })
  surplusMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Cost beyond the credit: charged (phase `collection`).' })
  shortfallMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Store credit on top.' }) bonusMinor!: number;
}

export class RefundListResponse {
  @ApiProperty({ type: [RefundResponse] }) items!: RefundResponse[];
  @ApiProperty({
    type: 'integer',
    description:
      'Succeeded refunds, bonus excluded, less collected claw-backs of them; an exchange’s credit, its collection ' +
      'and its charge-back move no refunded money.',
  })
  refundedMinor!: number;
  @ApiProperty({ type: [ExchangeLineResponse], description: 'The return’s exchanged lines, once settled.' })
  exchangeLines!: ExchangeLineResponse[];
}

/** A page of an order's refunds; what they refunded in all is the whole order's, on every page. */
export class OrderRefundPageResponse {
  @ApiProperty({ type: [RefundResponse] }) items!: RefundResponse[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: 'integer',
    description:
      'Every succeeded refund of the order (not only this page’s), bonus excluded, less collected claw-backs.',
  })
  refundedMinor!: number;
}

export class RefundsByStateQuery extends PageQuery {
  @ApiProperty({ enum: REFUND_STATES, example: 'needs_attention' })
  @IsIn(REFUND_STATES)
  state!: RefundState;
}
