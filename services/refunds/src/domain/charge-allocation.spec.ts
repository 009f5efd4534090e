import { allocateToCharges } from './charge-allocation';

describe('allocateToCharges', () => {
  const rooms = [
    { chargeId: 'ch_card', lineId: 'jacket', leftMinor: 8000 },
    { chargeId: 'ch_gift', lineId: 'jacket', leftMinor: 1999 },
    { chargeId: 'ch_gift', lineId: 'scarf', leftMinor: 1999 },
  ];

  it('pays each line’s share against the charges that paid for it, in order, one part per charge', () => {
    expect(
      allocateToCharges(
        10500,
        [
          { lineId: 'jacket', amountMinor: 9000 },
          { lineId: 'scarf', amountMinor: 1500 },
        ],
        rooms,
      ),
    ).toEqual([
      { chargeId: 'ch_card', amountMinor: 8000, lines: [{ lineId: 'jacket', amountMinor: 8000 }] },
      {
        chargeId: 'ch_gift',
        amountMinor: 2500,
        lines: [
          { lineId: 'jacket', amountMinor: 1000 },
          { lineId: 'scarf', amountMinor: 1500 },
        ],
      },
    ]);
  });

  it('places what no share covers on charges with room left, and refuses more than the charges hold', () => {
    expect(allocateToCharges(500, [], rooms)).toEqual([
      { chargeId: 'ch_card', amountMinor: 500, lines: [{ lineId: 'jacket', amountMinor: 500 }] },
    ]);
    expect(allocateToCharges(12000, [{ lineId: 'jacket', amountMinor: 12000 }], rooms)).toBeUndefined();
  });
});
