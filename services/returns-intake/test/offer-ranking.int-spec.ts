/**
 * Offers ranked from the history of completed exchanges, on real Kafka and Postgres: what peers who
 * returned the same sku for the same reason kept, what the customer kept before, and the size the
 * reason suggests, added up as docs/exchanges.md ("Ranking exchanges") gives them.
 *
 * The history is seeded through the real path, not written into `exchange_history`: each earlier
 * customer opens a return choosing the exchange, inventory reserves the replacement, the parcel is
 * picked up and inspected, refunds settles the even exchange, and the return completes, which records
 * what the customer kept as it does in production. The twenty returns run side by side in well under
 * a minute: slower than rows written straight into the table, but the ranking is then proven on the
 * history the service itself leaves, not on rows shaped as the test believes it would.
 */
import { randomUUID } from 'node:crypto';
import { ReplacementReserved, StockLevelChanged, stockLevelKey } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import { useIntakeWorld } from './support/intake-world';
import { exchangeMoney, happyJourney, type Fact, type ReturnUnderTest } from './support/lifecycle-facts';
import { deliveredOrder, putOrder, shirtReturn, type TestOrder } from './support/orders';

jest.setTimeout(120_000);

const SIZES = ['S', 'M', 'L', 'XL'] as const;

/** A tee in four sizes at one price, so every exchange between its sizes is even and within the limits. */
function tee(title: string) {
  const prefix = title.toUpperCase().replace(/\W+/g, '-');
  return {
    title,
    category: 'apparel',
    options: [{ name: 'size', values: [...SIZES] }],
    variants: SIZES.map((size) => ({
      sku: `${prefix}-${size}`,
      optionValues: { size },
      priceMinor: 2999,
      currency: 'EUR',
      active: true,
    })),
    version: 1,
    publishedAt: '2026-06-01T10:00:00Z',
  };
}

/** 7 of 9 peers kept XL (78%), 2 kept L (22%). */
const MERINO = tee('Merino Tee');
/** 3 of 6 peers kept XL, 3 kept L: an even split. */
const LINEN = tee('Linen Tee');
/** Only 4 peers, all of whom kept XL. */
const COTTON = tee('Cotton Tee');
const PRODUCTS = { 'merino-tee': MERINO, 'linen-tee': LINEN, 'cotton-tee': COTTON };

/** An earlier exchange: a customer returned `returned` for `reasonCode` and kept `kept`. */
interface PastExchange {
  readonly returned: string;
  readonly reasonCode: string;
  readonly kept: string;
  readonly customerId?: string;
}

const times = (count: number, exchange: PastExchange): PastExchange[] => Array.from({ length: count }, () => exchange);

/** Kept L of the Merino Tee before, after returning its XL as too large: not one of the M's peers. */
const KEPT_MERINO_L = 'customer-kept-merino-l';

const HISTORY: readonly PastExchange[] = [
  ...times(7, { returned: 'MERINO-TEE-M', reasonCode: 'too_small', kept: 'MERINO-TEE-XL' }),
  ...times(2, { returned: 'MERINO-TEE-M', reasonCode: 'too_small', kept: 'MERINO-TEE-L' }),
  { returned: 'MERINO-TEE-XL', reasonCode: 'too_large', kept: 'MERINO-TEE-L', customerId: KEPT_MERINO_L },
  ...times(3, { returned: 'LINEN-TEE-M', reasonCode: 'too_small', kept: 'LINEN-TEE-XL' }),
  ...times(3, { returned: 'LINEN-TEE-M', reasonCode: 'too_small', kept: 'LINEN-TEE-L' }),
  ...times(4, { returned: 'COTTON-TEE-M', reasonCode: 'too_small', kept: 'COTTON-TEE-XL' }),
];

/** An order of one tee, as line `shirt` (the line the lifecycle facts name). */
const teeOrder = (sku: string, customerId = `customer-${randomUUID()}`): TestOrder =>
  deliveredOrder({
    customerId,
    lines: [{ lineId: 'shirt', sku, category: 'apparel', quantity: 1, unitPriceMinor: 2999, finalSale: false }],
  });

interface ExchangeOffer {
  outcome: string;
  replacement: { sku: string };
  score: number;
  explanation: string;
}

describe('offers ranked from the history of completed exchanges', () => {
  const world = useIntakeWorld('intake-offer-ranking');

  const types = (body: { timeline: { type: string }[] }) => body.timeline.map((entry) => entry.type);

  async function publish(subject: ReturnUnderTest, facts: readonly Fact[]): Promise<void> {
    for (const fact of facts) {
      await world().publish(fact.eventClass, fact.data, subject.returnId, {
        id: fact.id,
        time: fact.time,
        source: fact.source,
      });
    }
  }

  /** Drives one earlier customer's exchange through the lifecycle until the return completes. */
  async function completedExchange(past: PastExchange): Promise<void> {
    const order = await putOrder(world(), teeOrder(past.returned, past.customerId));
    const line = {
      lineId: 'shirt',
      quantity: 1,
      reasonCode: past.reasonCode,
      resolution: { kind: 'exchange', replacementSku: past.kept },
    };
    const created = await world().http('POST', '/v1/returns', shirtReturn(order, { lines: [line] }));
    expect(created.status).toBe(201);
    const subject: ReturnUnderTest = { returnId: created.body.returnId, orderId: order.orderId };
    await world().publish(
      ReplacementReserved,
      {
        returnId: subject.returnId,
        lineId: 'shirt',
        sku: past.kept,
        quantity: 1,
        warehouseId: 'wh-berlin',
        reservedAt: new Date().toISOString(),
      },
      subject.returnId,
    );
    const { refunded: _, ...journey } = happyJourney(subject);
    await publish(subject, Object.values(journey));
    await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'the exchange order', (body) =>
      types(body).includes('ExchangeOrderRequested'),
    );
    await publish(subject, [exchangeMoney(subject, 0, new Date(Date.now() + 60_000)).settled]);
    await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'completion', (body) =>
      types(body).includes('ReturnCompleted'),
    );
  }

  beforeAll(async () => {
    for (const [productId, product] of Object.entries(PRODUCTS)) {
      const put = await world().http('PUT', `/v1/products/${productId}`, product);
      expect(put.status).toBe(201);
    }
    const skus = Object.values(PRODUCTS).flatMap((product) => product.variants.map((variant) => variant.sku));
    for (const sku of skus) {
      await world().publish(
        StockLevelChanged,
        {
          sku,
          warehouseId: 'wh-berlin',
          sellable: 50,
          expectedInbound: 0,
          refurbish: 0,
          liquidation: 0,
          returnToVendor: 0,
          quarantine: 0,
          scrap: 0,
          version: 1,
          changedAt: new Date().toISOString(),
        },
        stockLevelKey(sku, 'wh-berlin'),
      );
    }
    await waitUntil('the stock levels to be learned', async () => {
      const rows = await world().schema.query('SELECT 1 FROM catalogue_stock');
      return rows.length === skus.length;
    });
    await Promise.all(HISTORY.map(completedExchange));
  }, 120_000);

  /** The exchanges for another size of the tee, best first, a new customer's (or `customerId`'s). */
  async function sizeExchangesOffered(returnedSku: string, customerId?: string) {
    const order = await putOrder(world(), teeOrder(returnedSku, customerId));
    const preview = await world().http(
      'POST',
      '/v1/returns/preview',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'too_small' }] }),
    );
    expect(preview.status).toBe(200);
    return (preview.body.lines[0].offers as ExchangeOffer[])
      .filter((offer) => offer.outcome === 'exchange_variant')
      .map(({ replacement, score, explanation }) => ({ sku: replacement.sku, score, explanation }));
  }

  it('offers XL first to a customer returning M as too small when 78% of such customers kept XL and 22% L (25 + 78 = 103 against 50 + 22 = 72)', async () => {
    expect(await sizeExchangesOffered('MERINO-TEE-M')).toEqual([
      {
        sku: 'MERINO-TEE-XL',
        score: 103,
        explanation: 'Kept size XL by 78% of customers who returned M as too small. 2 sizes up from M',
      },
      {
        sku: 'MERINO-TEE-L',
        score: 72,
        explanation: 'One size up from M. Kept size L by 22% of customers who returned M as too small',
      },
    ]);
  });

  it('tells a customer who kept L of the same tee before so, scoring L 50 + 30 + 22 = 102, one point behind XL', async () => {
    expect(await sizeExchangesOffered('MERINO-TEE-M', KEPT_MERINO_L)).toEqual([
      {
        sku: 'MERINO-TEE-XL',
        score: 103,
        explanation: 'Kept size XL by 78% of customers who returned M as too small. 2 sizes up from M',
      },
      {
        sku: 'MERINO-TEE-L',
        score: 102,
        explanation:
          'One size up from M. You kept size L of “Merino Tee” before. Kept size L by 22% of customers who returned M as too small',
      },
    ]);
  });

  it('keeps the next size up first when peers split evenly (L 50 + 50 = 100 against XL 25 + 50 = 75)', async () => {
    expect(await sizeExchangesOffered('LINEN-TEE-M')).toEqual([
      {
        sku: 'LINEN-TEE-L',
        score: 100,
        explanation: 'One size up from M. Kept size L by 50% of customers who returned M as too small',
      },
      {
        sku: 'LINEN-TEE-XL',
        score: 75,
        explanation: 'Kept size XL by 50% of customers who returned M as too small. 2 sizes up from M',
      },
    ]);
  });

  it('says nothing of what four peers kept, however unanimous: only the size hint ranks', async () => {
    expect(await sizeExchangesOffered('COTTON-TEE-M')).toEqual([
      { sku: 'COTTON-TEE-L', score: 50, explanation: 'One size up from M' },
      { sku: 'COTTON-TEE-XL', score: 25, explanation: '2 sizes up from M' },
    ]);
  });
});
