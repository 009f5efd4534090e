import demoPolicy from '../../../policy/default-policy.json';
import type { CatalogueProduct, CatalogueVariant } from '../catalogue';
import { parsePolicyDocument } from '../policy/policy-document';
import { ReturnPolicy } from '../policy/return-policy';
import type { ExchangeHistory, Offer, ReturnedLine } from './offer';
import { rankOffers, type OfferRequest } from './rank-offers';

const SIZES = ['S', 'M', 'L', 'XL'];

function variant(sku: string, size: string, overrides: Partial<CatalogueVariant> = {}): CatalogueVariant {
  return {
    sku,
    productId: 'tee',
    optionValues: { size, colour: 'blue' },
    priceMinor: 2999,
    currency: 'EUR',
    active: true,
    sellable: 10,
    ...overrides,
  };
}

function tee(variants: CatalogueVariant[] = SIZES.map((size) => variant(`TEE-${size}`, size))): CatalogueProduct {
  return {
    productId: 'tee',
    title: 'Merino Tee',
    category: 'apparel',
    options: [
      { name: 'size', values: SIZES },
      { name: 'colour', values: ['blue', 'red'] },
    ],
    variants,
    version: 1,
  };
}

const polo: CatalogueProduct = {
  productId: 'polo',
  title: 'Piqué Polo',
  category: 'apparel',
  options: [{ name: 'Size', values: SIZES }],
  variants: SIZES.map((size) => ({
    sku: `POLO-${size}`,
    productId: 'polo',
    optionValues: { Size: size },
    priceMinor: 3499,
    currency: 'EUR',
    active: true,
    sellable: 5,
  })),
  version: 3,
};

const NO_HISTORY: ExchangeHistory = { ownKept: [], peers: { total: 0, kept: [] } };
const demo = new ReturnPolicy(1, parsePolicyDocument(demoPolicy));

function line(overrides: Partial<ReturnedLine> = {}): ReturnedLine {
  return {
    sku: 'TEE-M',
    category: 'apparel',
    reasonCode: 'too_small',
    unitPriceMinor: 2999,
    quantity: 1,
    currency: 'EUR',
    refundableMinor: 2504,
    ...overrides,
  };
}

function offers(overrides: Partial<OfferRequest> = {}): Offer[] {
  return rankOffers({
    line: line(),
    product: tee(),
    otherProducts: [polo],
    customer: { tier: null },
    policy: demo,
    history: NO_HISTORY,
    ...overrides,
  });
}

const skus = (list: Offer[], outcome: Offer['outcome'] = 'exchange_variant') =>
  list.filter((offer) => offer.outcome === outcome).map((offer) => offer.replacement?.sku);

function policyWith(offersSection: Record<string, unknown>): ReturnPolicy {
  return new ReturnPolicy(
    2,
    parsePolicyDocument({ ...demoPolicy, offers: { ...demoPolicy.offers, ...offersSection } }),
  );
}

describe('offers for a returned line', () => {
  it('a too-small return of M offers L first, then XL, and never a smaller size', () => {
    const ranked = offers();
    expect(skus(ranked)).toEqual(['TEE-L', 'TEE-XL']);
    expect(ranked.find((offer) => offer.outcome === 'exchange_variant')).toMatchObject({
      replacement: { sku: 'TEE-L', productId: 'tee', title: 'Merino Tee', optionValues: { size: 'L', colour: 'blue' } },
      priceDifferenceMinor: 0,
      explanation: 'One size up from M',
    });
  });

  it('a too-large return of M offers S', () => {
    expect(skus(offers({ line: line({ reasonCode: 'too_large' }) }))).toEqual(['TEE-S']);
  });

  it('a reason without a size hint offers every other size, the cheapest difference first', () => {
    const product = tee([
      variant('TEE-S', 'S', { priceMinor: 3999 }),
      variant('TEE-M', 'M'),
      variant('TEE-L', 'L', { priceMinor: 3299 }),
      variant('TEE-XL', 'XL'),
    ]);
    const ranked = offers({ product, line: line({ reasonCode: 'changed_mind' }) });
    expect(skus(ranked)).toEqual(['TEE-XL', 'TEE-L', 'TEE-S']);
    expect(ranked[0].explanation).toBe('Size XL instead of size M');
  });

  it('lists the outcomes in a fixed order: keep, same product, another product, store credit, refund', () => {
    const cheap = line({ unitPriceMinor: 700, refundableMinor: 700 });
    const product = tee(SIZES.map((size) => variant(`TEE-${size}`, size, { priceMinor: 700 })));
    const cheapPolo = { ...polo, variants: polo.variants.map((v) => ({ ...v, priceMinor: 900 })) };
    expect(offers({ line: cheap, product, otherProducts: [cheapPolo] }).map((offer) => offer.outcome)).toEqual([
      'keep',
      'exchange_variant',
      'exchange_variant',
      'exchange_product',
      'store_credit',
      'refund',
    ]);
  });

  describe('what other customers kept', () => {
    it('peers’ choice outranks the plain size hint when a clear majority of them kept another size', () => {
      const peers = {
        total: 50,
        kept: [
          { replacementSku: 'TEE-XL', count: 39 },
          { replacementSku: 'TEE-L', count: 11 },
        ],
      };
      const ranked = offers({ history: { ownKept: [], peers } });
      expect(skus(ranked)).toEqual(['TEE-XL', 'TEE-L']);
      expect(ranked.find((offer) => offer.replacement?.sku === 'TEE-XL')?.explanation).toBe(
        'Kept size XL by 78% of customers who returned M as too small. 2 sizes up from M',
      );
    });

    it('the size hint still wins when peers are split', () => {
      const peers = {
        total: 20,
        kept: [
          { replacementSku: 'TEE-XL', count: 10 },
          { replacementSku: 'TEE-L', count: 10 },
        ],
      };
      expect(skus(offers({ history: { ownKept: [], peers } }))).toEqual(['TEE-L', 'TEE-XL']);
    });

    it('too few exchanges say nothing: four peers who all kept XL do not move L down', () => {
      const peers = { total: 4, kept: [{ replacementSku: 'TEE-XL', count: 4 }] };
      const ranked = offers({ history: { ownKept: [], peers } });
      expect(skus(ranked)).toEqual(['TEE-L', 'TEE-XL']);
      expect(ranked.map((offer) => offer.explanation).join(' ')).not.toContain('customers');
    });

    it('names the product when peers kept another one, and says which reason they returned it for', () => {
      const peers = { total: 10, kept: [{ replacementSku: 'POLO-M', count: 6 }] };
      const ranked = offers({ line: line({ reasonCode: 'changed_mind' }), history: { ownKept: [], peers } });
      expect(ranked.find((offer) => offer.outcome === 'exchange_product')).toMatchObject({
        replacement: { sku: 'POLO-M', productId: 'polo' },
        explanation:
          'Kept “Piqué Polo” size M by 60% of customers who returned M for the same reason (Changed my mind). You pay €5.00 more. Plus €1.50 in store credit for exchanging',
      });
    });
  });

  describe('the customer’s own history', () => {
    it('puts the size the customer kept in this product before ahead of the cheaper difference', () => {
      const product = tee([
        variant('TEE-M', 'M'),
        variant('TEE-S', 'S', { priceMinor: 3499 }),
        variant('TEE-XL', 'XL'),
      ]);
      const ownKept = [{ sku: 'TEE-S-RED', productId: 'tee', category: 'apparel', optionValues: { size: 'S' } }];
      const ranked = offers({
        product,
        line: line({ reasonCode: 'changed_mind' }),
        history: { ...NO_HISTORY, ownKept },
      });
      expect(skus(ranked)).toEqual(['TEE-S', 'TEE-XL']);
      expect(ranked.find((offer) => offer.outcome === 'exchange_variant')?.explanation).toBe(
        'You kept size S of “Merino Tee” before. You pay €5.00 more',
      );
    });

    it('counts a size kept in another product of the category, less than one kept in this product', () => {
      const hoodieXl = { sku: 'HOODIE-XL', productId: 'hoodie', category: 'apparel', optionValues: { Size: 'XL' } };
      const teeS = { sku: 'TEE-S-RED', productId: 'tee', category: 'apparel', optionValues: { size: 'S' } };
      const changedMind = line({ reasonCode: 'changed_mind' });
      const ranked = offers({ line: changedMind, history: { ...NO_HISTORY, ownKept: [hoodieXl] } });
      expect(ranked.find((offer) => offer.outcome === 'exchange_variant')).toMatchObject({
        replacement: { sku: 'TEE-XL' },
        explanation: 'You kept size XL in apparel before',
      });
      expect(skus(offers({ line: changedMind, history: { ...NO_HISTORY, ownKept: [hoodieXl, teeS] } }))).toEqual([
        'TEE-S',
        'TEE-XL',
        'TEE-L',
      ]);
    });
  });

  describe('what can be exchanged', () => {
    it('no exchange offered for out-of-stock or inactive variants, nor for fewer units than returned', () => {
      const product = tee([
        variant('TEE-M', 'M'),
        variant('TEE-L', 'L', { sellable: 0 }),
        variant('TEE-XL', 'XL', { active: false }),
        variant('TEE-S', 'S', { sellable: 1 }),
      ]);
      expect(skus(offers({ product }))).toEqual([]);
      expect(skus(offers({ product, line: line({ reasonCode: 'too_large', quantity: 2 }) }))).toEqual([]);
      expect(skus(offers({ product, line: line({ reasonCode: 'too_large' }) }))).toEqual(['TEE-S']);
    });

    it('never offers the returned sku itself, nor a variant priced in another currency', () => {
      const product = tee([variant('TEE-M', 'M'), variant('TEE-L', 'L', { currency: 'USD' })]);
      expect(skus(offers({ product, line: line({ reasonCode: 'changed_mind' }) }))).toEqual([]);
    });

    it('price difference above the limit is not offered, either way', () => {
      const product = tee([
        variant('TEE-M', 'M'),
        variant('TEE-L', 'L', { priceMinor: 2999 + 5001 }),
        variant('TEE-XL', 'XL', { priceMinor: 2999 + 5000 }),
        variant('TEE-S', 'S', { priceMinor: 2999 - 2001 }),
      ]);
      const ranked = offers({ product, line: line({ reasonCode: 'changed_mind' }) });
      expect(skus(ranked)).toEqual(['TEE-XL']);
      expect(ranked.find((offer) => offer.outcome === 'exchange_variant')).toMatchObject({
        priceDifferenceMinor: 5000,
        refundMinor: 0,
        explanation: 'Size XL instead of size M. You pay €50.00 more',
      });
      const cheaper = tee([variant('TEE-M', 'M'), variant('TEE-S', 'S', { priceMinor: 2999 - 2000 })]);
      expect(offers({ product: cheaper, line: line({ reasonCode: 'too_large' }) })[0]).toMatchObject({
        priceDifferenceMinor: -2000,
        refundMinor: 2000,
        explanation: 'One size down from M. You get €20.00 back',
      });
    });

    it('prices the difference for every unit returned', () => {
      const product = tee([variant('TEE-M', 'M'), variant('TEE-L', 'L', { priceMinor: 3999 })]);
      const ranked = offers({ product, line: line({ quantity: 2, refundableMinor: 5998 }) });
      expect(ranked[0]).toMatchObject({ replacement: { sku: 'TEE-L' }, priceDifferenceMinor: 2000 });
    });

    it('offers the best-fitting variant of each other product of the category, with the exchange bonus', () => {
      const shorts: CatalogueProduct = { ...polo, productId: 'shorts', title: 'Shorts', category: 'shorts' };
      const ranked = offers({ otherProducts: [polo, shorts] });
      expect(ranked.filter((offer) => offer.outcome === 'exchange_product')).toEqual([
        {
          outcome: 'exchange_product',
          replacement: { sku: 'POLO-L', productId: 'polo', title: 'Piqué Polo', optionValues: { Size: 'L' } },
          priceDifferenceMinor: 500,
          bonusMinor: 150,
          refundMinor: 0,
          instant: false,
          score: 50,
          explanation:
            'One size up from M in “Piqué Polo”. You pay €5.00 more. Plus €1.50 in store credit for exchanging',
        },
      ]);
    });

    it('ships gold members’ exchanges at once, and says so', () => {
      const ranked = offers({ customer: { tier: 'gold' } });
      expect(ranked[0]).toMatchObject({
        outcome: 'exchange_variant',
        instant: true,
        explanation: 'One size up from M. Ships now, before your return arrives',
      });
      expect(offers()[0].instant).toBe(false);
    });
  });

  describe('keeping the item', () => {
    it('keep it offered only at or under the threshold per unit', () => {
      const keep = (refundableMinor: number, quantity = 1) =>
        offers({ line: line({ refundableMinor, quantity }) }).find((offer) => offer.outcome === 'keep');
      expect(keep(800)).toEqual({
        outcome: 'keep',
        replacement: null,
        priceDifferenceMinor: 0,
        bonusMinor: 0,
        refundMinor: 800,
        instant: false,
        score: 0,
        explanation: 'Returning costs more than the item is worth: keep it and get €8.00 back',
      });
      expect(keep(801)).toBeUndefined();
      expect(keep(1600, 2)).toMatchObject({ refundMinor: 1600 });
      expect(keep(1601, 2)).toBeUndefined();
    });
  });

  describe('what the policy allows', () => {
    it('outcomes outside the category/tier rule are not offered', () => {
      const phone = line({ sku: 'PHONE-128', category: 'electronics', reasonCode: 'changed_mind' });
      const phones: CatalogueProduct = {
        ...polo,
        productId: 'phone',
        category: 'electronics',
        options: [{ name: 'storage', values: ['128', '256'] }],
        variants: ['128', '256'].map((storage) => ({
          ...polo.variants[0],
          sku: `PHONE-${storage}`,
          productId: 'phone',
          optionValues: { storage },
        })),
      };
      const outcomes = (tier: string | null) =>
        offers({ line: phone, product: phones, otherProducts: [], customer: { tier } }).map((offer) => offer.outcome);
      expect(outcomes(null)).toEqual(['store_credit', 'refund']);
      expect(outcomes('gold')).toEqual(['exchange_variant', 'store_credit', 'refund']);
    });

    it('prefers the rule naming both category and tier over the rule naming only the category', () => {
      const policy = policyWith({
        rules: [
          ...demoPolicy.offers.rules,
          { categories: ['apparel'], tiers: ['silver'], outcomes: ['exchange_variant', 'refund'] },
        ],
      });
      expect(offers({ policy, customer: { tier: 'silver' } }).map((offer) => offer.outcome)).toEqual([
        'exchange_variant',
        'exchange_variant',
        'refund',
      ]);
    });

    it('a policy without an offers section offers a refund and store credit only, as before', () => {
      const { offers: _, ...withoutOffers } = demoPolicy;
      const policy = new ReturnPolicy(1, parsePolicyDocument(withoutOffers));
      expect(offers({ policy, line: line({ refundableMinor: 500 }) })).toEqual([
        expect.objectContaining({ outcome: 'store_credit', refundMinor: 500, bonusMinor: 50 }),
        expect.objectContaining({ outcome: 'refund', refundMinor: 500 }),
      ]);
    });

    it('offers no exchange when the catalogue does not know the returned sku', () => {
      const outcomes = offers({ product: null, otherProducts: [polo] }).map((offer) => offer.outcome);
      expect(outcomes).toEqual(['store_credit', 'refund']);
    });
  });

  it('explains store credit with its bonus and the refund with its amount', () => {
    const ranked = offers({ product: null, otherProducts: [] });
    expect(ranked.map((offer) => offer.explanation)).toEqual([
      '€27.54 in store credit: €25.04 plus a 10% bonus',
      '€25.04 refunded',
    ]);
    expect(ranked[0]).toMatchObject({ refundMinor: 2504, bonusMinor: 250 });
  });

  it('ranks the same way whatever order the catalogue lists variants in', () => {
    const shuffled = tee([...tee().variants].reverse());
    expect(offers({ product: shuffled, line: line({ reasonCode: 'changed_mind' }) })).toEqual(
      offers({ line: line({ reasonCode: 'changed_mind' }) }),
    );
  });
});
