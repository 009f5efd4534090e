import { Type } from 'class-transformer';
import { IsArray, IsOptional, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsId, IsText, IsTimestamp } from '../field-decorators';
import { RejectedLine } from './rejected-line';
import { ReturnPayload } from './return-payload';

export class ReturnRejected extends ReturnPayload {
  static readonly eventType = 'ReturnRejected';
  static readonly topic = Topics.returnsReturn;
  @IsId() customerId!: string;
  /** Version of the return policy that decided. */
  @IsCount(1) policyVersion!: number;
  /** Why each line was refused; empty when an agent rejected the whole return. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => RejectedLine) lines!: RejectedLine[];
  /** `policy` when rejected automatically, otherwise the agent's id. */
  @IsId() rejectedBy!: string;
  /** The agent's explanation. */
  @IsOptional() @IsText() note?: string;
  @IsTimestamp() rejectedAt!: string;
}
