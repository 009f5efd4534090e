import type { ProductSnapshot, StockLevel } from '../../src/domain/catalogue';
import { intakeDatabase, type IntakeDatabase } from '../support/intake-database';

function product(productId: string, category: string, variants: [sku: string, active: boolean][]): ProductSnapshot {
  return {
    productId,
    title: `Product ${productId}`,
    category,
    options: [{ name: 'size', values: ['S', 'M'] }],
    variants: variants.map(([sku, active], index) => ({
      sku,
      optionValues: { size: index % 2 === 0 ? 'S' : 'M' },
      priceMinor: 1000 + index,
      currency: 'EUR',
      active,
    })),
    version: 1,
    publishedAt: new Date('2026-06-01T10:00:00Z'),
    recordedBy: null,
  };
}

function level(sku: string, warehouseId: string, sellable: number, version: number): StockLevel {
  return { sku, warehouseId, sellable, version, changedAt: new Date('2026-06-01T10:00:00Z') };
}

describe('PgCatalogueStore', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_catalogue_store');
  }, 60_000);
  afterAll(() => db?.close());

  it('reads a product back whole, its variants in order with their stock summed over warehouses', async () => {
    const tee = {
      ...product('tee', 'apparel', [
        ['TEE-S', true],
        ['TEE-M', false],
      ]),
      version: 4,
    };
    const writer = { subject: 'svc-commerce', clientId: 'rebound-commerce' };
    await db.transactions.run(async (tx) => {
      await tx.catalogue.saveProduct({ ...tee, recordedBy: writer });
      await tx.catalogue.saveStockLevel(level('TEE-S', 'wh-berlin', 2, 1));
      await tx.catalogue.saveStockLevel(level('TEE-S', 'wh-paris', 5, 1));
    });
    const stored = await db.transactions.run((tx) => tx.catalogue.product('tee'));
    expect(stored).toEqual({
      productId: 'tee',
      title: 'Product tee',
      category: 'apparel',
      options: [{ name: 'size', values: ['S', 'M'] }],
      variants: [
        {
          sku: 'TEE-S',
          productId: 'tee',
          optionValues: { size: 'S' },
          priceMinor: 1000,
          currency: 'EUR',
          active: true,
          sellable: 7,
        },
        {
          sku: 'TEE-M',
          productId: 'tee',
          optionValues: { size: 'M' },
          priceMinor: 1001,
          currency: 'EUR',
          active: false,
          sellable: 0,
        },
      ],
      version: 4,
      publishedAt: new Date('2026-06-01T10:00:00Z'),
      recordedBy: writer,
    });
    expect((await db.transactions.run((tx) => tx.catalogue.productOfSku('TEE-M')))?.productId).toBe('tee');
    expect(await db.transactions.run((tx) => tx.catalogue.lockProduct('tee'))).toBe(4);
    expect(await db.transactions.run((tx) => tx.catalogue.lockProduct('unknown'))).toBeNull();
  });

  it('replaces a product whole: a variant it no longer lists is gone, and a sku it takes from another moves', async () => {
    await db.transactions.run(async (tx) => {
      await tx.catalogue.saveProduct(
        product('cap', 'hats', [
          ['CAP-S', true],
          ['CAP-M', true],
        ]),
      );
      await tx.catalogue.saveProduct(product('beanie', 'hats', [['BEANIE-S', true]]));
    });
    await db.transactions.run(async (tx) => {
      await tx.catalogue.saveProduct({ ...product('cap', 'hats', [['CAP-S', true]]), version: 2 });
      await tx.catalogue.saveProduct({
        ...product('beanie', 'hats', [
          ['BEANIE-S', true],
          ['CAP-S', true],
        ]),
        version: 2,
      });
    });
    const [cap, beanie, gone] = await db.transactions.run(async (tx) => [
      await tx.catalogue.product('cap'),
      await tx.catalogue.productOfSku('CAP-S'),
      await tx.catalogue.productOfSku('CAP-M'),
    ]);
    expect(cap?.variants).toEqual([]);
    expect(beanie?.productId).toBe('beanie');
    expect(gone).toBeNull();
  });

  it('keeps a newer stock level over a late or repeated one', async () => {
    const kept = await db.transactions.run(async (tx) => [
      await tx.catalogue.saveStockLevel(level('MUG', 'wh-berlin', 9, 5)),
      await tx.catalogue.saveStockLevel(level('MUG', 'wh-berlin', 1, 4)),
      await tx.catalogue.saveStockLevel(level('MUG', 'wh-berlin', 1, 5)),
    ]);
    expect(kept).toEqual([true, false, false]);
    await db.transactions.run((tx) => tx.catalogue.saveProduct(product('mug', 'kitchen', [['MUG', true]])));
    expect((await db.transactions.run((tx) => tx.catalogue.productOfSku('MUG')))?.variants[0].sellable).toBe(9);
  });

  it('lists the active products of a category but the one given, those in stock first', async () => {
    await db.transactions.run(async (tx) => {
      await tx.catalogue.saveProduct(product('shoe-a', 'shoes', [['SHOE-A', true]]));
      await tx.catalogue.saveProduct(product('shoe-b', 'shoes', [['SHOE-B', true]]));
      await tx.catalogue.saveProduct(product('shoe-c', 'shoes', [['SHOE-C', true]]));
      await tx.catalogue.saveProduct(product('shoe-retired', 'shoes', [['SHOE-R', false]]));
      await tx.catalogue.saveProduct(product('sock', 'socks', [['SOCK', true]]));
      await tx.catalogue.saveStockLevel(level('SHOE-C', 'wh-berlin', 3, 1));
      await tx.catalogue.saveStockLevel(level('SHOE-R', 'wh-berlin', 8, 1));
    });
    const listed = (limit: number) =>
      db.transactions.run(async (tx) =>
        (await tx.catalogue.productsInCategory('shoes', 'shoe-a', limit)).map((p) => p.productId),
      );
    expect(await listed(10)).toEqual(['shoe-c', 'shoe-b']);
    expect(await listed(1)).toEqual(['shoe-c']);
  });
});
