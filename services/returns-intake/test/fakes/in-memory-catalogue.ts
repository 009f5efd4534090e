/**
 * CatalogueView in memory, for the use cases' unit tests: the products it is given, answered the way
 * the port promises (others of a category are active ones, those with stock first).
 */
import type { CatalogueProduct, CatalogueView } from '../../src/domain/catalogue';

export class InMemoryCatalogue implements CatalogueView {
  readonly products = new Map<string, CatalogueProduct>();

  with(...products: CatalogueProduct[]): this {
    for (const product of products) this.products.set(product.productId, product);
    return this;
  }

  async productOfSku(sku: string): Promise<CatalogueProduct | null> {
    return [...this.products.values()].find((product) => product.variants.some((v) => v.sku === sku)) ?? null;
  }

  async productsInCategory(category: string, exceptProductId: string, limit: number): Promise<CatalogueProduct[]> {
    const inStock = (product: CatalogueProduct) => product.variants.some((v) => v.active && v.sellable > 0);
    return [...this.products.values()]
      .filter(
        (product) =>
          product.category === category &&
          product.productId !== exceptProductId &&
          product.variants.some((v) => v.active),
      )
      .sort((a, b) => Number(inStock(b)) - Number(inStock(a)))
      .slice(0, limit);
  }
}
