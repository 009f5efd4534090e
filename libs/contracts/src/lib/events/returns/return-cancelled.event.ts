import { IsOptional } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsText, IsTimestamp } from '../field-decorators';
import { ReturnPayload } from './return-payload';

export class ReturnCancelled extends ReturnPayload {
  static readonly eventType = 'ReturnCancelled';
  static readonly topic = Topics.returnsReturn;
  /** The customer's or agent's id. */
  @IsId() cancelledBy!: string;
  @IsOptional() @IsText() reason?: string;
  @IsTimestamp() cancelledAt!: string;
}
