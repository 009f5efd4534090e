import { EventClass } from '../../event-payload';
import { ProductPublished } from './product-published.event';

/** Every event on `commerce.product.v1`. */
export const ProductEvents = [ProductPublished] as const satisfies readonly EventClass[];
