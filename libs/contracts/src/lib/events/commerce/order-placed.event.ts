import { Topics } from '../../topics';
import { OrderSnapshot } from './order-snapshot';

export class OrderPlaced extends OrderSnapshot {
  static readonly eventType = 'OrderPlaced';
  static readonly topic = Topics.commerceOrder;
}
