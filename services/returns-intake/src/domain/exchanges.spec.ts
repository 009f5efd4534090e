import type { InspectedLine } from '@rebound/contracts';
import { acceptedAtInspection } from './exchanges';
import type { ReturnLine } from './return-request';

const tee: ReturnLine = {
  lineId: 'tee',
  sku: 'SKU-TEE-M',
  category: 'apparel',
  quantity: 2,
  unitPriceMinor: 2499,
  reasonCode: 'too_small',
  comment: null,
  photoUrls: [],
  restockingFeeMinor: 0,
  resolution: {
    kind: 'exchange',
    replacement: { sku: 'SKU-TEE-L', productId: 'tee', quantity: 2, unitPriceMinor: 2499 },
  },
  fallbacks: [],
  warehouseId: 'wh-berlin',
};

const found = (changes: Partial<InspectedLine>): InspectedLine[] => [
  {
    lineId: 'tee',
    sku: 'SKU-TEE-M',
    expectedQuantity: 2,
    receivedQuantity: 2,
    grade: 'A',
    disposition: 'restock',
    refundableFraction: 1,
    flags: [],
    ...changes,
  },
];

describe('an exchanged item at inspection', () => {
  it('is accepted when every unit came back as the item, graded as new', () => {
    expect(acceptedAtInspection(tee, found({}))).toBe(true);
  });

  it('is refused when graded below new, so the replacement never ships for less than it was quoted', () => {
    expect(acceptedAtInspection(tee, found({ grade: 'B', refundableFraction: 0.9 }))).toBe(false);
  });

  it('is refused when a unit is missing, or a flag says it is not the item', () => {
    expect(acceptedAtInspection(tee, found({ receivedQuantity: 1 }))).toBe(false);
    expect(acceptedAtInspection(tee, found({ flags: ['serial_mismatch'] }))).toBe(false);
    expect(acceptedAtInspection(tee, [])).toBe(false);
  });
});
