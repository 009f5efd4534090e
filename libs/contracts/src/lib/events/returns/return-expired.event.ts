import { Topics } from '../../topics';
import { IsText, IsTimestamp } from '../field-decorators';
import { ReturnPayload } from './return-payload';

export class ReturnExpired extends ReturnPayload {
  static readonly eventType = 'ReturnExpired';
  static readonly topic = Topics.returnsReturn;
  @IsText() reason!: string;
  @IsTimestamp() expiredAt!: string;
}
