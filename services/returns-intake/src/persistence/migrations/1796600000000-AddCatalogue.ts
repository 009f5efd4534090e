/**
 * The catalogue read model: products and their variants as the commerce platform last published
 * them (`commerce.product.v1`, `PUT /v1/products/{id}`), and the sellable stock of each sku at each
 * warehouse as inventory last announced it (`inventory.stock-level.v1`). Both carry the version they
 * were published with, so an older snapshot or level never replaces a newer one. Stock is kept per
 * sku without a reference to a variant: a level may arrive before the product that lists its sku.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCatalogue1796600000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE catalogue_products (
        product_id text NOT NULL,
        title text NOT NULL,
        category text NOT NULL,
        options jsonb NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        published_at timestamptz NOT NULL,
        recorded_by jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT catalogue_products_pkey PRIMARY KEY (product_id)
      )`);
    await runner.query('CREATE INDEX catalogue_products_category_idx ON catalogue_products (category, product_id)');
    await runner.query(`
      CREATE TABLE catalogue_variants (
        sku text NOT NULL,
        product_id text NOT NULL REFERENCES catalogue_products (product_id) ON DELETE CASCADE,
        position integer NOT NULL,
        option_values jsonb NOT NULL,
        price_minor bigint NOT NULL CHECK (price_minor >= 0),
        currency text NOT NULL,
        active boolean NOT NULL,
        CONSTRAINT catalogue_variants_pkey PRIMARY KEY (sku)
      )`);
    await runner.query('CREATE INDEX catalogue_variants_product_idx ON catalogue_variants (product_id, position)');
    await runner.query(`
      CREATE TABLE catalogue_stock (
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        sellable integer NOT NULL CHECK (sellable >= 0),
        version integer NOT NULL CHECK (version > 0),
        changed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT catalogue_stock_pkey PRIMARY KEY (sku, warehouse_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE catalogue_stock');
    await runner.query('DROP TABLE catalogue_variants');
    await runner.query('DROP TABLE catalogue_products');
  }
}
