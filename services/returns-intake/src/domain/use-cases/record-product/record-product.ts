/**
 * Keeps the catalogue read model's products: each product as the commerce platform last published
 * it, from `commerce.product.v1` or `PUT /v1/products/{id}`. A snapshot is the whole product, so the
 * one with the highest version wins and replaces everything before it (variants it no longer lists
 * are gone); one with a lower version than the product stored changes nothing and says so (`stale`),
 * so a late or replayed snapshot never brings back a price or variant the merchant has since changed.
 * The same version again is taken as a redelivery and stored as it is.
 */
import type { UseCase } from '@rebound/kernel';
import type { IntakeTransaction } from '../../ports';
import type { RecordProductCommand } from './record-product.command';

export type RecordProductResult =
  | { readonly outcome: 'created' | 'updated' }
  /** A newer snapshot is stored (`storedVersion`); nothing changed. */
  | { readonly outcome: 'stale'; readonly storedVersion: number };

export class RecordProduct implements UseCase<IntakeTransaction, RecordProductCommand, RecordProductResult> {
  async execute(tx: IntakeTransaction, { product }: RecordProductCommand): Promise<RecordProductResult> {
    const storedVersion = await tx.catalogue.lockProduct(product.productId);
    if (storedVersion !== null && storedVersion > product.version) return { outcome: 'stale', storedVersion };
    await tx.catalogue.saveProduct(product);
    return { outcome: storedVersion === null ? 'created' : 'updated' };
  }
}
