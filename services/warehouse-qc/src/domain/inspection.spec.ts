import demoRules from '../../rules/default-rules.json';
import { GradingRules } from './grading-rules';
import { flagsOf, type InspectionLine, type LineRecord } from './inspection';

const rules = GradingRules.parse(demoRules);

function line(expectedQuantity: number, record: Partial<LineRecord>, category = 'electronics'): InspectionLine {
  return {
    lineId: 'l1',
    sku: 'SKU',
    category,
    expectedQuantity,
    unexpected: false,
    record: {
      receivedQuantity: expectedQuantity,
      grade: 'A',
      checklist: { serial_matches: true, original_packaging: true },
      wrongItem: false,
      notes: null,
      photoUrls: [],
      recordedBy: 'inspector',
      recordedByClientId: 'rebound-warehouse',
      recordedAt: new Date(),
      ...record,
    },
  };
}

describe('flagsOf', () => {
  it('finds nothing wrong with a line received in full, as sold', () => {
    expect(flagsOf(line(2, {}), rules)).toEqual([]);
  });

  it('flags a missing, a short-shipped and a wrong item', () => {
    expect(flagsOf(line(2, { receivedQuantity: 0 }), rules)).toEqual(['missing_item']);
    expect(flagsOf(line(2, { receivedQuantity: 1 }), rules)).toEqual(['short_shipped']);
    expect(flagsOf(line(1, { wrongItem: true }), rules)).toEqual(['wrong_item']);
  });

  it('flags a serial mismatch when the category’s serial question is answered no', () => {
    expect(flagsOf(line(1, { checklist: { serial_matches: false, original_packaging: true } }), rules)).toEqual([
      'serial_mismatch',
    ]);
    expect(flagsOf(line(1, { checklist: { original_packaging: false } }, 'garden'), rules)).toEqual([]);
  });

  it('flags an item that was not part of the return', () => {
    expect(flagsOf({ ...line(0, {}), unexpected: true }, rules)).toEqual(['unexpected_item']);
  });
});
