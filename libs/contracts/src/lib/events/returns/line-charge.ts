import { IsId, IsMinorAmount } from '../field-decorators';

/** A charge that paid for an approved line, and how much of it went to the line: what a refund of the line is paid against. */
export class LineCharge {
  @IsId() chargeId!: string;
  @IsMinorAmount(1) amountMinor!: number;
}
