import { Topics } from '../../topics';
import { IsTimestamp } from '../field-decorators';
import { OrderSnapshot } from './order-snapshot';

/** Carries the full order, so a consumer that missed OrderPlaced still has everything it needs. */
export class OrderDelivered extends OrderSnapshot {
  static readonly eventType = 'OrderDelivered';
  static readonly topic = Topics.commerceOrder;
  @IsTimestamp() deliveredAt!: string;
}
