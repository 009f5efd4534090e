import { DomainError } from '@rebound/kernel';
import { InMemoryCatalogue } from '../../../../test/fakes/in-memory-catalogue';
import { InMemoryExchangeHistory } from '../../../../test/fakes/in-memory-exchange-history';
import { InMemoryIntake, storedReturn } from '../../../../test/fakes/in-memory-intake';
import type { CatalogueProduct } from '../../catalogue';
import { AssessReturn } from './assess-return';
import { ProposedReturn } from './assess-return.command';

const shirt = { lineId: 'shirt', quantity: 1, reasonCode: 'wrong_size' };

/** The order's shirt (SKU-SHIRT) is a size M of this product. */
const SHIRT_PRODUCT: CatalogueProduct = {
  productId: 'oxford-shirt',
  title: 'Oxford Shirt',
  category: 'apparel',
  options: [{ name: 'size', values: ['S', 'M', 'L', 'XL'] }],
  variants: [
    ['SKU-SHIRT-S', 'S'],
    ['SKU-SHIRT', 'M'],
    ['SKU-SHIRT-L', 'L'],
    ['SKU-SHIRT-XL', 'XL'],
  ].map(([sku, size]) => ({
    sku,
    productId: 'oxford-shirt',
    optionValues: { size },
    priceMinor: 2999,
    currency: 'EUR',
    active: true,
    sellable: 4,
  })),
  version: 1,
};

const preview = (
  intake: InMemoryIntake,
  catalogue = new InMemoryCatalogue(),
  history = new InMemoryExchangeHistory(),
) => new AssessReturn(intake.clock, catalogue, history);

async function world(): Promise<InMemoryIntake> {
  const intake = await (await new InMemoryIntake().withDemoPolicy()).withPartnerInGermany();
  await intake.withOrder();
  return intake;
}

describe('AssessReturn (preview)', () => {
  it('quotes what the policy would decide and changes nothing', async () => {
    const intake = await world();
    const { assessment } = await preview(intake).execute(
      intake.tx,
      new ProposedReturn({ orderId: 'order-1', lines: [shirt], method: 'mail_back' }),
    );
    expect(assessment).toMatchObject({ outcome: 'approved', policyVersion: 1 });
    expect(intake.returns.rows.size).toBe(0);
    expect(intake.events.published).toEqual([]);
  });

  it('counts units already held by open returns, but not by abandoned ones', async () => {
    const intake = await world();
    await storedReturn(intake, 'approved');
    await storedReturn(intake, 'cancelled');
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [{ ...shirt, quantity: 2 }] });
    const { assessment } = await preview(intake).execute(intake.tx, proposal);
    expect(assessment.outcome).toBe('invalid');
  });

  it('is unavailable before any policy was loaded', async () => {
    const intake = new InMemoryIntake();
    await intake.withOrder();
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [shirt] });
    await expect(preview(intake).execute(intake.tx, proposal)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'no-policy',
    });
  });

  it('refuses a refund to the original payment for lines no known charge paid', async () => {
    const intake = await world();
    await intake.withOrder({ payments: [] });
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [shirt] });
    await expect(preview(intake).execute(intake.tx, proposal)).rejects.toMatchObject({
      code: 'original-payment-unavailable',
    });
  });

  it('offers a too-small shirt in the size peers kept, then store credit and a refund', async () => {
    const intake = await world();
    const catalogue = new InMemoryCatalogue().with(SHIRT_PRODUCT);
    const kept = (sku: string, size: string) => ({
      sku,
      productId: 'oxford-shirt',
      category: 'apparel',
      optionValues: { size },
    });
    const history = new InMemoryExchangeHistory().seed(
      ...['peer-1', 'peer-2', 'peer-3', 'peer-4'].map((customerId) => ({
        customerId,
        returnedSku: 'SKU-SHIRT',
        reasonCode: 'too_small',
        kept: kept('SKU-SHIRT-XL', 'XL'),
      })),
      { customerId: 'peer-5', returnedSku: 'SKU-SHIRT', reasonCode: 'too_small', kept: kept('SKU-SHIRT-L', 'L') },
      { customerId: 'peer-6', returnedSku: 'SKU-SHIRT', reasonCode: 'wrong_size', kept: kept('SKU-SHIRT-S', 'S') },
    );
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [{ ...shirt, reasonCode: 'too_small' }] });
    const { offers } = await preview(intake, catalogue, history).execute(intake.tx, proposal);
    expect(offers[0].map(({ outcome, replacement, explanation }) => [outcome, replacement?.sku, explanation])).toEqual([
      [
        'exchange_variant',
        'SKU-SHIRT-XL',
        'Kept size XL by 80% of customers who returned M as too small. 2 sizes up from M',
      ],
      [
        'exchange_variant',
        'SKU-SHIRT-L',
        'One size up from M. Kept size L by 20% of customers who returned M as too small',
      ],
      ['store_credit', undefined, '€32.99 in store credit: €29.99 plus a 10% bonus'],
      ['refund', undefined, '€29.99 refunded'],
    ]);
  });

  it('offers nothing for a line the policy refuses, and only a refund or credit when the catalogue lacks the sku', async () => {
    const intake = await world();
    const proposal = new ProposedReturn({
      orderId: 'order-1',
      lines: [
        { ...shirt, reasonCode: 'too_small' },
        { lineId: 'scarf', quantity: 1, reasonCode: 'changed_mind' },
      ],
    });
    const { offers } = await preview(intake).execute(intake.tx, proposal);
    expect(offers.map((line) => line.map((offer) => offer.outcome))).toEqual([['store_credit', 'refund'], []]);
  });

  it('cannot be proposed without lines', () => {
    expect(() => new ProposedReturn({ orderId: 'order-1', lines: [] })).toThrow(DomainError);
  });
});
