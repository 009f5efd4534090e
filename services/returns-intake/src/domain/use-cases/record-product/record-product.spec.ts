import { DomainError } from '@rebound/kernel';
import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { RecordProduct } from './record-product';
import { RecordProductCommand, type ProductSnapshotInput } from './record-product.command';

const tee: ProductSnapshotInput = {
  productId: 'prod-tee',
  title: 'Organic tee',
  category: 'apparel',
  options: [{ name: 'size', values: ['S', 'M', 'L'] }],
  variants: [
    { sku: 'TEE-S', optionValues: { size: 'S' }, priceMinor: 2499, currency: 'EUR', active: true },
    { sku: 'TEE-M', optionValues: { size: 'M' }, priceMinor: 2499, currency: 'EUR', active: true },
  ],
  version: 2,
  publishedAt: '2026-06-01T10:00:00Z',
};

const support = { subject: 'agent-1', clientId: 'rebound-commerce' };

describe('RecordProduct', () => {
  it('creates a product, then replaces it whole with a newer snapshot, dropping the variants it no longer lists', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordProduct();
    expect(await record.execute(intake.tx, new RecordProductCommand(tee, null))).toEqual({ outcome: 'created' });
    const repriced = { ...tee, version: 3, variants: [{ ...tee.variants[1], priceMinor: 1999 }] };
    expect(await record.execute(intake.tx, new RecordProductCommand(repriced, support))).toEqual({
      outcome: 'updated',
    });
    const stored = await intake.catalogue.product('prod-tee');
    expect(stored?.variants.map((variant) => [variant.sku, variant.priceMinor])).toEqual([['TEE-M', 1999]]);
    expect(stored).toMatchObject({ version: 3, recordedBy: support });
    expect(await intake.catalogue.productOfSku('TEE-S')).toBeNull();
  });

  it('keeps the newer product when an older snapshot arrives late, and says which version it keeps', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordProduct();
    await record.execute(intake.tx, new RecordProductCommand(tee, null));
    const older = { ...tee, version: 1, title: 'Old tee' };
    expect(await record.execute(intake.tx, new RecordProductCommand(older, null))).toEqual({
      outcome: 'stale',
      storedVersion: 2,
    });
    expect((await intake.catalogue.product('prod-tee'))?.title).toBe('Organic tee');
  });

  it('takes the same version again as a redelivery', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordProduct();
    await record.execute(intake.tx, new RecordProductCommand(tee, null));
    expect(await record.execute(intake.tx, new RecordProductCommand(tee, null))).toEqual({ outcome: 'updated' });
  });

  it('cannot be commanded with a snapshot that contradicts itself, naming each field', () => {
    const contradictory = {
      ...tee,
      variants: [
        { ...tee.variants[0], optionValues: { size: 'XL' } },
        { ...tee.variants[1], sku: 'TEE-S', currency: 'USD' },
      ],
    };
    let refusal: unknown;
    try {
      new RecordProductCommand(contradictory, null);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).kind).toBe('invalid');
    expect((refusal as DomainError).problems.map((problem) => problem.field)).toEqual([
      'variants[0].optionValues.size',
      'variants[1].sku',
      'variants[1].currency',
    ]);
  });

  it('cannot be commanded without an instant of publication', () => {
    expect(() => new RecordProductCommand({ ...tee, publishedAt: 'yesterday' }, null)).toThrow(
      expect.objectContaining({ kind: 'invalid' }),
    );
  });
});
