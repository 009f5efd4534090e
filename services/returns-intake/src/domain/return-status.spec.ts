import { RETURN_STATUSES, canMove, isCancellable } from './return-status';

describe('return status', () => {
  it('moves forward along the lifecycle and never back', () => {
    expect(canMove('approved', 'awaiting_pickup')).toBe(true);
    expect(canMove('awaiting_pickup', 'received')).toBe(true);
    expect(canMove('received', 'in_transit')).toBe(false);
    expect(canMove('in_transit', 'in_transit')).toBe(false);
    expect(canMove('awaiting_pickup', 'awaiting_dropoff')).toBe(false);
  });

  it('keeps an ended return ended, whatever arrives later', () => {
    for (const ended of ['completed', 'rejected', 'cancelled'] as const) {
      for (const target of RETURN_STATUSES) expect(canMove(ended, target)).toBe(false);
    }
  });

  it('takes an expiry back only when the parcel turns out collected in time', () => {
    expect(RETURN_STATUSES.filter((target) => canMove('expired', target))).toEqual(['in_transit', 'received']);
  });

  it('lets the customer cancel until the parcel is in transit', () => {
    expect(RETURN_STATUSES.filter(isCancellable)).toEqual([
      'requested',
      'pending_review',
      'approved',
      'awaiting_pickup',
      'awaiting_dropoff',
    ]);
  });

  it('expires only returns still waiting for their pickup or drop-off', () => {
    expect(RETURN_STATUSES.filter((status) => canMove(status, 'expired'))).toEqual([
      'approved',
      'awaiting_pickup',
      'awaiting_dropoff',
    ]);
  });
});
