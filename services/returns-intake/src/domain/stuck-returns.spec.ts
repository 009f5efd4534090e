import { DEFAULT_STUCK_THRESHOLDS, WAITING_STATUSES, parseStuckThresholds } from './stuck-returns';

describe('stuck-return thresholds', () => {
  it('give every status a return waits in a threshold, and ended statuses none', () => {
    expect(WAITING_STATUSES).toEqual([
      'requested',
      'pending_review',
      'approved',
      'awaiting_pickup',
      'awaiting_dropoff',
      'in_transit',
      'received',
      'inspected',
      'refunded',
    ]);
    expect(Object.keys(DEFAULT_STUCK_THRESHOLDS)).toEqual(WAITING_STATUSES);
  });

  it('take minutes, hours and days per status over the defaults', () => {
    const { thresholds, problems } = parseStuckThresholds(' awaiting_pickup=10d, inspected=36h,approved=90m ');

    expect(problems).toEqual([]);
    expect(thresholds).toEqual({
      ...DEFAULT_STUCK_THRESHOLDS,
      awaiting_pickup: 10 * 86_400,
      inspected: 36 * 3_600,
      approved: 90 * 60,
    });
    expect(parseStuckThresholds('').thresholds).toEqual(DEFAULT_STUCK_THRESHOLDS);
  });

  it('name every bad entry: no unit, zero, a final or unknown status', () => {
    expect(parseStuckThresholds('in_transit=5,received=0h,completed=1d,lost=2d').problems).toEqual([
      '"in_transit=5" is not <status>=<whole number><m|h|d>',
      '"received=0h" is not <status>=<whole number><m|h|d>',
      expect.stringMatching(/^"completed=1d": completed is not a status a return waits in \(requested, /),
      expect.stringMatching(/^"lost=2d": lost is not a status a return waits in/),
    ]);
  });
});
