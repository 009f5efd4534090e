/**
 * The catalogue read model: products and their variants as the commerce platform publishes them
 * (`commerce.product.v1` or `PUT /v1/products/{productId}`), with the sellable stock inventory
 * announces per sku (`inventory.stock-level.v1`). Offers read it to propose exchanges; nothing here
 * is asked of another service synchronously.
 */

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
