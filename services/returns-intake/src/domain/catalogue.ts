/**
 * The catalogue read model: products and their variants as the commerce platform publishes them
 * (`commerce.product.v1` or `PUT /v1/products/{productId}`), with the sellable stock inventory
 * announces per sku (`inventory.stock-level.v1`). Offers read it to propose exchanges; nothing here
 * is asked of another service synchronously.
 */
import type { Actor } from '@rebound/contracts';

/** An option of a product and its values in the merchant's order (sizes smallest first). */
export interface ProductOption {
  readonly name: string;
  readonly values: readonly string[];
}

export interface CatalogueVariant {
  readonly sku: string;
  readonly productId: string;
  /** The variant's value for each of its product's options (`{ size: 'M', colour: 'blue' }`). */
  readonly optionValues: Readonly<Record<string, string>>;
  readonly priceMinor: number;
  readonly currency: string;
  /** False once the merchant stopped selling it: never offered, whatever the stock. */
  readonly active: boolean;
  /** Units channels may sell now, summed over the warehouses inventory announced. */
  readonly sellable: number;
}

export interface CatalogueProduct {
  readonly productId: string;
  readonly title: string;
  readonly category: string;
  readonly options: readonly ProductOption[];
  readonly variants: readonly CatalogueVariant[];
  /** Grows with every snapshot the commerce platform publishes; an older one never replaces a newer. */
  readonly version: number;
}

/** What offers read: the product a returned sku belongs to, and others of its category. */
export interface CatalogueView {
  productOfSku(sku: string): Promise<CatalogueProduct | null>;
  /** Active products of a category other than `exceptProductId`, those with stock first, at most `limit`. */
  productsInCategory(category: string, exceptProductId: string, limit: number): Promise<CatalogueProduct[]>;
}

/** A product snapshot to record: the product without its stock, and who wrote it. */
export interface ProductSnapshot {
  readonly productId: string;
  readonly title: string;
  readonly category: string;
  readonly options: readonly ProductOption[];
  readonly variants: readonly Omit<CatalogueVariant, 'productId' | 'sellable'>[];
  readonly version: number;
  readonly publishedAt: Date;
  /** Who wrote it through the API; null for a snapshot from `commerce.product.v1`. */
  readonly recordedBy: Actor | null;
}

/** A product as stored, for support: with its variants' stock, when it was published and who wrote it. */
export interface RecordedProduct extends CatalogueProduct {
  readonly publishedAt: Date;
  readonly recordedBy: Actor | null;
}

/** The sellable stock of one sku at one warehouse, as inventory last announced it (`StockLevelChanged`). */
export interface StockLevel {
  readonly sku: string;
  readonly warehouseId: string;
  readonly sellable: number;
  /** Grows with every change of the sku at the warehouse: an older level never replaces a newer one. */
  readonly version: number;
  readonly changedAt: Date;
}
