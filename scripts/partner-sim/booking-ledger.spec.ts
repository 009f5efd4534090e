import { BookingLedger } from './booking-ledger';

const pickupId = 'a6f1c9d2-3b4e-4f5a-8b6c-7d8e9f0a1b2c';

describe('BookingLedger', () => {
  it('plans a new booking and lets its events go out', () => {
    const ledger = new BookingLedger();

    expect(ledger.book({ pickupId, attempt: 1 })).toEqual({ plan: true });
    expect(ledger.isCurrent(pickupId, 1)).toBe(true);
  });

  it('sends nothing more for a cancelled booking', () => {
    const ledger = new BookingLedger();
    ledger.book({ pickupId, attempt: 1 });

    ledger.cancel(pickupId);

    expect(ledger.isCurrent(pickupId, 1)).toBe(false);
  });

  it('does not plan a booking of a cancelled pickup, even one read after the cancellation', () => {
    const ledger = new BookingLedger();
    ledger.cancel(pickupId);

    expect(ledger.book({ pickupId, attempt: 2 })).toEqual({ plan: false, why: 'its booking was cancelled' });
    expect(ledger.isCurrent(pickupId, 2)).toBe(false);
  });

  it('plans the rebooking of a failed attempt, and retires the earlier attempt', () => {
    const ledger = new BookingLedger();
    ledger.book({ pickupId, attempt: 1 });

    expect(ledger.book({ pickupId, attempt: 2 })).toEqual({ plan: true });
    expect(ledger.isCurrent(pickupId, 1)).toBe(false);
    expect(ledger.isCurrent(pickupId, 2)).toBe(true);
  });

  it('does not start an attempt again when its booking is delivered twice', () => {
    const ledger = new BookingLedger();
    ledger.book({ pickupId, attempt: 2 });

    expect(ledger.book({ pickupId, attempt: 2 })).toEqual({ plan: false, why: 'attempt 2 was already booked' });
    expect(ledger.book({ pickupId, attempt: 1 })).toEqual({ plan: false, why: 'attempt 2 was already booked' });
    expect(ledger.isCurrent(pickupId, 2)).toBe(true);
  });

  it('delivers a parcel it has collected even when the visit is called off afterwards', () => {
    const ledger = new BookingLedger();
    ledger.book({ pickupId, attempt: 2 });
    ledger.collected(pickupId, 2);

    expect(ledger.cancel(pickupId)).toBe(false);
    expect(ledger.isCurrent(pickupId, 2)).toBe(true);
  });

  it('sends nothing more when the visit is called off before the parcel was collected', () => {
    const ledger = new BookingLedger();
    ledger.book({ pickupId, attempt: 2 });
    ledger.collected(pickupId, 1);

    expect(ledger.cancel(pickupId)).toBe(true);
    expect(ledger.isCurrent(pickupId, 2)).toBe(false);
  });
});
