import { cameBackAsExchanged } from './inspected-line';

describe('an exchanged line at inspection', () => {
  const back = { receivedQuantity: 2, flags: [] };

  it('came back as exchanged when every unit arrived and no flag says otherwise', () => {
    expect(cameBackAsExchanged(back, 2)).toBe(true);
  });

  it('did not when a unit is missing, the item is wrong, short or mismatched, or nothing was inspected', () => {
    expect(cameBackAsExchanged({ ...back, receivedQuantity: 1 }, 2)).toBe(false);
    for (const flag of ['wrong_item', 'missing_item', 'short_shipped', 'serial_mismatch'] as const) {
      expect(cameBackAsExchanged({ ...back, flags: [flag] }, 2)).toBe(false);
    }
    expect(cameBackAsExchanged(undefined, 2)).toBe(false);
  });

  it('still did when the only flag is an unexpected extra item', () => {
    expect(cameBackAsExchanged({ ...back, flags: ['unexpected_item'] }, 2)).toBe(true);
  });
});
