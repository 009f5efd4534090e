import { applyChanges, type StockLevel } from './stock';

const now = new Date('2026-12-01T10:00:00Z');

function level(sellable: number, expectedInbound = 0): StockLevel {
  return {
    sku: 'SKU-1',
    warehouseId: 'wh-1',
    buckets: { sellable, refurbish: 0, liquidation: 0, return_to_vendor: 0, quarantine: 0, scrap: 0, reserved: 0 },
    expectedInbound,
    version: 3,
    updatedAt: new Date('2026-12-01T09:00:00Z'),
  };
}

describe('applyChanges', () => {
  it('moves units between buckets and counts the version up once', () => {
    const result = applyChanges(
      level(2),
      [
        { sku: 'SKU-1', warehouseId: 'wh-1', bucket: 'sellable', quantityDelta: -2 },
        { sku: 'SKU-1', warehouseId: 'wh-1', bucket: 'quarantine', quantityDelta: 2 },
      ],
      now,
    );
    expect(result).toEqual({
      level: expect.objectContaining({
        buckets: expect.objectContaining({ sellable: 0, quarantine: 2 }),
        version: 4,
        updatedAt: now,
      }),
    });
  });

  it('refuses to take a bucket below zero, saying what is there and what was asked', () => {
    expect(
      applyChanges(level(1), [{ sku: 'SKU-1', warehouseId: 'wh-1', bucket: 'sellable', quantityDelta: -3 }], now),
    ).toEqual({
      shortfalls: [{ sku: 'SKU-1', warehouseId: 'wh-1', bucket: 'sellable', available: 1, requested: 3 }],
    });
  });

  it('lets a later change use units an earlier one of the same movement put in', () => {
    const result = applyChanges(
      level(0),
      [
        { sku: 'SKU-1', warehouseId: 'wh-1', bucket: 'sellable', quantityDelta: 2 },
        { sku: 'SKU-1', warehouseId: 'wh-1', bucket: 'sellable', quantityDelta: -2 },
      ],
      now,
    );
    expect(result).toMatchObject({ level: { buckets: { sellable: 0 } } });
  });
});
