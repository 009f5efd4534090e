import { Topics } from '../../topics';
import { IsId } from '../field-decorators';
import { ProductSnapshot } from './product-snapshot';

/**
 * The whole product as the commerce platform sells it now, published on every change: a consumer
 * keeps the snapshot with the highest `version` and needs no earlier one. Also valid only when
 * `productSnapshotViolations` finds nothing.
 */
export class ProductPublished extends ProductSnapshot {
  static readonly eventType = 'ProductPublished';
  static readonly topic = Topics.commerceProduct;
  @IsId() productId!: string;
}
