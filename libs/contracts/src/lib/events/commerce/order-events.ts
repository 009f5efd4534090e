import { EventClass } from '../../event-payload';
import { OrderDelivered } from './order-delivered.event';
import { OrderPlaced } from './order-placed.event';

/** Every event on `commerce.order.v1`. */
export const OrderEvents = [OrderPlaced, OrderDelivered] as const satisfies readonly EventClass[];
