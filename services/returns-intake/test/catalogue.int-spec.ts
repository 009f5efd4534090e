/**
 * The catalogue read model: products from `commerce.product.v1` and `PUT /v1/products/{id}`, the
 * sellable stock of their skus from `inventory.stock-level.v1`, read back with `GET /v1/products/{id}`.
 */
import { randomUUID } from 'node:crypto';
import { ProductPublished, StockLevelChanged, stockLevelKey } from '@rebound/contracts';
import { DeadLetterHeaders } from '@rebound/messaging';
import { waitUntil } from '@rebound/testing';
import { useIntakeWorld } from './support/intake-world';

jest.setTimeout(60_000);

/** A tee in two sizes and two colours, with ids no other test uses. */
function tee(version = 1): ProductPublished {
  const id = randomUUID().slice(0, 8);
  return {
    productId: `tee-${id}`,
    title: 'Organic tee',
    category: 'apparel',
    options: [
      { name: 'size', values: ['S', 'M'] },
      { name: 'colour', values: ['white', 'navy'] },
    ],
    variants: [
      {
        sku: `TEE-${id}-S-WHITE`,
        optionValues: { size: 'S', colour: 'white' },
        priceMinor: 2499,
        currency: 'EUR',
        active: true,
      },
      {
        sku: `TEE-${id}-M-NAVY`,
        optionValues: { size: 'M', colour: 'navy' },
        priceMinor: 2499,
        currency: 'EUR',
        active: true,
      },
    ],
    version,
    publishedAt: '2026-06-01T10:00:00Z',
  };
}

function bodyOf(product: ProductPublished): Omit<ProductPublished, 'productId'> {
  const { productId: _, ...body } = product;
  return body;
}

describe('the catalogue read model', () => {
  const world = useIntakeWorld('intake-catalogue');

  const getProduct = (productId: string) => world().http('GET', `/v1/products/${productId}`);
  const publishProduct = (product: ProductPublished) =>
    world().publish(ProductPublished, product, product.productId, { source: '/shop/catalogue' });
  const handled = (eventId: string) =>
    waitUntil('the event to be handled', async () => {
      const rows = await world().schema.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId]);
      return rows.length === 1;
    });

  it('takes a product from commerce.product.v1 and shows it with its variants', async () => {
    const product = tee();
    await publishProduct(product);
    const shown = await world().bodyOnceItHolds(`/v1/products/${product.productId}`, 'the product');
    expect(shown).toEqual({
      ...product,
      variants: product.variants.map((variant) => ({ ...variant, sellable: 0 })),
      publishedAt: '2026-06-01T10:00:00.000Z',
      recordedBy: null,
    });
  });

  it('keeps the newer product when an older snapshot arrives after it', async () => {
    const newer = { ...tee(3), title: 'Organic tee, new cut' };
    await publishProduct(newer);
    await world().bodyOnceItHolds(`/v1/products/${newer.productId}`, 'the newer product');
    const older = await publishProduct({ ...newer, version: 2, title: 'Organic tee, old cut' });
    await handled(older);
    expect((await getProduct(newer.productId)).body).toMatchObject({ version: 3, title: 'Organic tee, new cut' });
  });

  it("sums a variant's sellable stock over the warehouses inventory announces, newer levels only", async () => {
    const product = tee();
    const [white, navy] = product.variants.map((variant) => variant.sku);
    const announce = (sku: string, warehouseId: string, sellable: number, version: number) =>
      world().publish(
        StockLevelChanged,
        {
          sku,
          warehouseId,
          sellable,
          expectedInbound: 0,
          refurbish: 0,
          liquidation: 0,
          returnToVendor: 0,
          quarantine: 0,
          scrap: 0,
          version,
          changedAt: new Date().toISOString(),
        },
        stockLevelKey(sku, warehouseId),
      );
    await announce(white, 'wh-berlin', 3, 1);
    await announce(white, 'wh-paris', 4, 2);
    await handled(await announce(white, 'wh-paris', 1, 1));
    await publishProduct(product);
    const shown = await world().bodyOnceItHolds(
      `/v1/products/${product.productId}`,
      'the product with stock',
      (body) => body.variants?.[0]?.sellable === 7,
    );
    expect(shown.variants.map((variant: { sku: string; sellable: number }) => [variant.sku, variant.sellable])).toEqual(
      [
        [white, 7],
        [navy, 0],
      ],
    );
  });

  it('dead-letters a product that contradicts itself, naming the fields, and stores nothing', async () => {
    const product = tee();
    const broken = {
      ...product,
      variants: [product.variants[0], { ...product.variants[1], optionValues: { size: 'XL' } }],
    };
    await publishProduct(broken);
    const [dead] = await world()
      .waitForDeadLetters('the dead letter', (messages) =>
        messages.some((message) => message.key === product.productId),
      )
      .then((messages) => messages.filter((message) => message.key === product.productId));
    expect(dead.headers[DeadLetterHeaders.errorMessage]).toContain('variants[1].optionValues.colour');
    expect(dead.headers[DeadLetterHeaders.errorMessage]).toContain('variants[1].optionValues.size');
    expect((await getProduct(product.productId)).status).toBe(404);
  });

  it('writes a product over REST: 201 when new, 200 when replaced, recording who wrote it', async () => {
    const product = tee();
    const created = await world().http('PUT', `/v1/products/${product.productId}`, bodyOf(product));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      productId: product.productId,
      version: 1,
      recordedBy: { subject: expect.any(String), clientId: expect.any(String) },
    });
    const replaced = await world().http('PUT', `/v1/products/${product.productId}`, {
      ...bodyOf(product),
      version: 2,
      variants: [{ ...product.variants[0], active: false }],
    });
    expect(replaced.status).toBe(200);
    expect((await getProduct(product.productId)).body.variants).toEqual([
      { ...product.variants[0], active: false, sellable: 0 },
    ]);
  });

  it('refuses over REST a snapshot older than the stored one with 409, and keeps the stored one', async () => {
    const product = tee(5);
    await world().http('PUT', `/v1/products/${product.productId}`, bodyOf(product));
    const stale = await world().http('PUT', `/v1/products/${product.productId}`, {
      ...bodyOf(product),
      version: 4,
      title: 'Old tee',
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body).toMatchObject({
      type: 'https://rebound.dev/problems/stale-product-version',
      storedVersion: 5,
      errors: [{ field: 'version', message: 'must be at least 5, the version stored' }],
    });
    expect((await getProduct(product.productId)).body).toMatchObject({ version: 5, title: 'Organic tee' });
  });

  it('names every badly shaped field of a PUT and stores nothing', async () => {
    const product = tee();
    const answer = await world().http('PUT', `/v1/products/${product.productId}`, {
      ...bodyOf(product),
      category: 'Apparel',
      version: 0,
      publishedAt: '2026-06-01T10:00:00',
      variants: [{ ...product.variants[0], optionValues: { size: 7 }, priceMinor: 24.99, currency: 'eur' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(new Set(answer.body.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set([
        'category',
        'version',
        'publishedAt',
        'variants[0].optionValues',
        'variants[0].priceMinor',
        'variants[0].currency',
      ]),
    );
    expect((await getProduct(product.productId)).status).toBe(404);
  });

  it('refuses a PUT that contradicts itself, naming each field, and stores nothing', async () => {
    const product = tee();
    const answer = await world().http('PUT', `/v1/products/${product.productId}`, {
      ...bodyOf(product),
      variants: [
        product.variants[0],
        { ...product.variants[0], currency: 'USD', optionValues: { size: 'M', colour: 'red', fit: 'slim' } },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'variants[1].sku', message: `sku "${product.variants[0].sku}" is listed twice` },
      { field: 'variants[1].currency', message: "must be EUR, the currency of the product's prices" },
      {
        field: 'variants[1].optionValues.colour',
        message: 'must be one of the values of option "colour": white, navy',
      },
      { field: 'variants[1].optionValues.fit', message: 'the product has no option "fit"' },
    ]);
    expect((await getProduct(product.productId)).status).toBe(404);
  });

  it('answers 404 for a product it does not know', async () => {
    const answer = await getProduct(`unknown-${randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.body.type).toBe('https://rebound.dev/problems/unknown-product');
  });
});
