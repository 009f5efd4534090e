import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ReconciliationQuery {
  @ApiProperty({ example: 'order-10042', description: 'The order to reconcile.' })
  @IsString()
  @Length(1, 200)
  orderId!: string;
}

export class ProviderCheckResponse {
  @ApiProperty({
    enum: ['agrees', 'disagrees', 'missing', 'unknown'],
    description:
      '`missing`: refunds holds the part paid, the provider has nothing under its key; `disagrees`: the ' +
      'provider’s outcome or reference is not refunds’; `unknown`: the provider could not be asked.',
  })
  status!: string;
  @ApiProperty({ example: 'applied as re_123' }) detail!: string;
}

export class ReconciledChargeResponse {
  @ApiProperty({ example: 'ch_3PqK9x' }) chargeId!: string;
  @ApiProperty({ type: 'integer' }) capturedMinor!: number;
}

export class LineShareResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
}

export class ReconciledLineResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty({ type: 'integer', description: 'What the order’s charges captured for the line.' })
  capturedMinor!: number;
  @ApiProperty({ type: [ReconciledChargeResponse] }) charges!: ReconciledChargeResponse[];
  @ApiProperty({ type: 'integer', description: 'Instant refunds, as made.' }) instantMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Final refunds, as made.' }) finalMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Store-credit refunds, as made (bonus excluded).' })
  storeCreditMinor!: number;
  @ApiProperty({
    type: 'integer',
    description:
      'Exchanges’ credit: what paid for the replacements and the surplus refunded (returnless lines are `finalMinor`).',
  })
  exchangedMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Released (negative): refunds cancelled or replaced unpaid.' })
  releasedMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Taken back (negative) by claw-backs of ended returns, collected.' })
  reversedMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Taken back (negative) by claw-backs after inspection, collected.' })
  adjustedMinor!: number;
  @ApiProperty({ type: 'integer', description: 'The line’s ledger total: refunded, or on its way.' })
  refundedMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Captured less refunded.' }) leftMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Claw-backs through the provider not collected yet for the line.' })
  outstandingClawbackMinor!: number;
  @ApiProperty({ description: 'False when the line is refunded above what was captured.' })
  withinCaptured!: boolean;
}

export class ReconciledPaymentResponse {
  @ApiProperty({ example: '7c0f….1', description: 'The idempotency key the provider was asked by.' })
  idempotencyKey!: string;
  @ApiProperty({ enum: ['refund', 'charge'], description: '`charge`: a claw-back’s.' }) call!: string;
  @ApiProperty({ format: 'uuid' }) refundId!: string;
  @ApiProperty({ enum: ['instant', 'final', 'clawback'] }) phase!: string;
  @ApiProperty({ type: 'integer' }) n!: number;
  @ApiProperty({ example: 'ch_3PqK9x' }) chargeId!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
  @ApiProperty({
    enum: ['pending', 'succeeded', 'failed', 'retried', 'superseded', 'cancelled'],
    description: 'In refunds.',
  })
  state!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) providerReference!: string | null;
  @ApiProperty({ type: [LineShareResponse] }) lines!: LineShareResponse[];
  @ApiProperty({ type: ProviderCheckResponse }) provider!: ProviderCheckResponse;
}

export class OutstandingClawbackResponse {
  @ApiProperty({ format: 'uuid' }) refundId!: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The instant refund.' })
  reverses!: string | null;
  @ApiProperty({ enum: ['original_payment', 'store_credit'] }) method!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Not collected yet (store credit: what the customer had spent).' })
  outstandingMinor!: number;
}

export class ProviderCheckCountsResponse {
  @ApiProperty({ type: 'integer' }) agrees!: number;
  @ApiProperty({ type: 'integer' }) disagrees!: number;
  @ApiProperty({ type: 'integer' }) missing!: number;
  @ApiProperty({ type: 'integer' }) unknown!: number;
}

export class ReconciliationSummaryResponse {
  @ApiProperty({ type: 'integer' }) capturedMinor!: number;
  @ApiProperty({ type: 'integer' }) refundedMinor!: number;
  @ApiProperty({ type: 'integer' }) leftMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Every claw-back’s uncollected money, store credit included.' })
  outstandingClawbackMinor!: number;
  @ApiProperty({ type: ProviderCheckCountsResponse }) providerChecks!: ProviderCheckCountsResponse;
  @ApiProperty({
    description: 'Every line within its captures and every provider check `agrees` (an `unknown` one does not).',
  })
  agrees!: boolean;
}

export class ReconciliationResponse {
  @ApiProperty() orderId!: string;
  @ApiProperty({ description: 'False when refunds never learned the order’s captures (store credit only).' })
  capturesKnown!: boolean;
  @ApiProperty({ type: [ReconciledLineResponse] }) lines!: ReconciledLineResponse[];
  @ApiProperty({ type: [ReconciledPaymentResponse], description: 'Every provider call’s part, checked by its key.' })
  payments!: ReconciledPaymentResponse[];
  @ApiProperty({ type: [OutstandingClawbackResponse] }) outstandingClawbacks!: OutstandingClawbackResponse[];
  @ApiProperty({ type: ReconciliationSummaryResponse }) summary!: ReconciliationSummaryResponse;
}
