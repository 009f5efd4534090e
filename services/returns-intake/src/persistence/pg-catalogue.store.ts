/**
 * The catalogue read model on Postgres (products, their variants, stock per sku at each warehouse),
 * bound to one transaction's EntityManager. A variant's sellable stock is summed over the
 * warehouses when it is read.
 */
import { EntityManager } from 'typeorm';
import type { Actor } from '@rebound/contracts';
import type {
  CatalogueProduct,
  ProductOption,
  ProductSnapshot,
  RecordedProduct,
  StockLevel,
} from '../domain/catalogue';
import type { CatalogueStore } from '../domain/ports';
import type { Row } from './pg-sql';

/** Every column of the product, and its variants in the merchant's order with their sellable stock. */
const PRODUCT_COLUMNS = `p.*, (
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'sku', v.sku, 'optionValues', v.option_values, 'priceMinor', v.price_minor, 'currency', v.currency,
           'active', v.active,
           'sellable', (SELECT coalesce(sum(s.sellable), 0) FROM catalogue_stock s WHERE s.sku = v.sku))
         ORDER BY v.position), '[]')
    FROM catalogue_variants v WHERE v.product_id = p.product_id) AS variants`;

export class PgCatalogueStore implements CatalogueStore {
  constructor(private readonly manager: EntityManager) {}

  async productOfSku(sku: string): Promise<CatalogueProduct | null> {
    const [row]: Row[] = await this.manager.query(
      `SELECT ${PRODUCT_COLUMNS} FROM catalogue_products p
        WHERE p.product_id = (SELECT product_id FROM catalogue_variants WHERE sku = $1)`,
      [sku],
    );
    return row ? toProduct(row) : null;
  }

  async productsInCategory(category: string, exceptProductId: string, limit: number): Promise<CatalogueProduct[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${PRODUCT_COLUMNS} FROM catalogue_products p
        WHERE p.category = $1 AND p.product_id <> $2
          AND EXISTS (SELECT 1 FROM catalogue_variants v WHERE v.product_id = p.product_id AND v.active)
        ORDER BY EXISTS (
                   SELECT 1 FROM catalogue_variants v JOIN catalogue_stock s ON s.sku = v.sku
                    WHERE v.product_id = p.product_id AND v.active AND s.sellable > 0) DESC,
                 p.product_id
        LIMIT $3`,
      [category, exceptProductId, limit],
    );
    return rows.map(toProduct);
  }

  async product(productId: string): Promise<RecordedProduct | null> {
    const [row]: Row[] = await this.manager.query(
      `SELECT ${PRODUCT_COLUMNS} FROM catalogue_products p WHERE p.product_id = $1`,
      [productId],
    );
    if (!row) return null;
    return {
      ...toProduct(row),
      publishedAt: new Date(row['published_at'] as string),
      recordedBy: (row['recorded_by'] as Actor | null) ?? null,
    };
  }

  async lockProduct(productId: string): Promise<number | null> {
    // The row lock holds only a product already stored; the advisory lock also holds one being created.
    await this.manager.query("SELECT pg_advisory_xact_lock(hashtextextended('returns-intake.product:' || $1, 0))", [
      productId,
    ]);
    const [row]: Row[] = await this.manager.query(
      'SELECT version FROM catalogue_products WHERE product_id = $1 FOR UPDATE',
      [productId],
    );
    return row ? Number(row['version']) : null;
  }

  async saveProduct(snapshot: ProductSnapshot): Promise<void> {
    await this.manager.query(
      `INSERT INTO catalogue_products (product_id, title, category, options, version, published_at, recorded_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb)
       ON CONFLICT (product_id) DO UPDATE SET title = EXCLUDED.title, category = EXCLUDED.category,
         options = EXCLUDED.options, version = EXCLUDED.version, published_at = EXCLUDED.published_at,
         recorded_by = EXCLUDED.recorded_by, updated_at = now()`,
      [
        snapshot.productId,
        snapshot.title,
        snapshot.category,
        JSON.stringify(snapshot.options),
        snapshot.version,
        snapshot.publishedAt,
        snapshot.recordedBy && JSON.stringify(snapshot.recordedBy),
      ],
    );
    const skus = snapshot.variants.map((variant) => variant.sku);
    await this.manager.query('DELETE FROM catalogue_variants WHERE product_id = $1 AND NOT (sku = ANY($2::text[]))', [
      snapshot.productId,
      skus,
    ]);
    await this.manager.query(
      `INSERT INTO catalogue_variants (sku, product_id, position, option_values, price_minor, currency, active)
       SELECT v.sku, $1, v.position, v.option_values, v.price_minor, v.currency, v.active
         FROM jsonb_to_recordset($2::jsonb)
           AS v(sku text, position integer, option_values jsonb, price_minor bigint, currency text, active boolean)
       ON CONFLICT (sku) DO UPDATE SET product_id = EXCLUDED.product_id, position = EXCLUDED.position,
         option_values = EXCLUDED.option_values, price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency,
         active = EXCLUDED.active`,
      [
        snapshot.productId,
        JSON.stringify(
          snapshot.variants.map((variant, position) => ({
            sku: variant.sku,
            position,
            option_values: variant.optionValues,
            price_minor: variant.priceMinor,
            currency: variant.currency,
            active: variant.active,
          })),
        ),
      ],
    );
  }

  async saveStockLevel(level: StockLevel): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO catalogue_stock AS s (sku, warehouse_id, sellable, version, changed_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sku, warehouse_id) DO UPDATE SET sellable = EXCLUDED.sellable, version = EXCLUDED.version,
         changed_at = EXCLUDED.changed_at, updated_at = now()
         WHERE s.version < EXCLUDED.version
       RETURNING sku`,
      [level.sku, level.warehouseId, level.sellable, level.version, level.changedAt],
    );
    return rows.length === 1;
  }
}

function toProduct(row: Row): CatalogueProduct {
  const productId = String(row['product_id']);
  return {
    productId,
    title: String(row['title']),
    category: String(row['category']),
    options: row['options'] as ProductOption[],
    variants: (row['variants'] as Row[]).map((variant) => ({
      sku: String(variant['sku']),
      productId,
      optionValues: variant['optionValues'] as Record<string, string>,
      priceMinor: Number(variant['priceMinor']),
      currency: String(variant['currency']),
      active: Boolean(variant['active']),
      sellable: Number(variant['sellable']),
    })),
    version: Number(row['version']),
  };
}
