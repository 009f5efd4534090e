import type { StockLevelChanged } from '@rebound/contracts';
import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { RecordProduct } from '../record-product/record-product';
import { RecordProductCommand } from '../record-product/record-product.command';
import { RecordStockLevel } from './record-stock-level';
import { RecordStockLevelCommand } from './record-stock-level.command';

function level(warehouseId: string, sellable: number, version: number): RecordStockLevelCommand {
  return new RecordStockLevelCommand({
    sku: 'MUG-BLUE',
    warehouseId,
    sellable,
    expectedInbound: 0,
    refurbish: 0,
    liquidation: 0,
    returnToVendor: 0,
    quarantine: 0,
    scrap: 0,
    version,
    changedAt: '2026-06-01T10:00:00Z',
  } as StockLevelChanged);
}

async function withMug(intake: InMemoryIntake): Promise<void> {
  const mug = {
    productId: 'prod-mug',
    title: 'Mug',
    category: 'kitchen',
    options: [],
    variants: [{ sku: 'MUG-BLUE', optionValues: {}, priceMinor: 900, currency: 'EUR', active: true }],
    version: 1,
    publishedAt: '2026-06-01T09:00:00Z',
  };
  await new RecordProduct().execute(intake.tx, new RecordProductCommand(mug, null));
}

const sellable = async (intake: InMemoryIntake) =>
  (await intake.catalogue.productOfSku('MUG-BLUE'))?.variants[0].sellable;

describe('RecordStockLevel', () => {
  it("sums a variant's sellable stock over the warehouses, even stock announced before its product", async () => {
    const intake = new InMemoryIntake();
    const record = new RecordStockLevel();
    expect(await record.execute(intake.tx, level('wh-berlin', 3, 1))).toBe(true);
    await withMug(intake);
    await record.execute(intake.tx, level('wh-paris', 4, 7));
    expect(await sellable(intake)).toBe(7);
  });

  it('keeps the newer level when an older or repeated one arrives late', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordStockLevel();
    await withMug(intake);
    await record.execute(intake.tx, level('wh-berlin', 5, 4));
    expect(await record.execute(intake.tx, level('wh-berlin', 9, 3))).toBe(false);
    expect(await record.execute(intake.tx, level('wh-berlin', 9, 4))).toBe(false);
    expect(await sellable(intake)).toBe(5);
  });

  it('cannot be commanded without an instant to order levels by', () => {
    expect(
      () =>
        new RecordStockLevelCommand({
          ...level('wh-berlin', 1, 1).level,
          changedAt: 'soon',
        } as unknown as StockLevelChanged),
    ).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});
