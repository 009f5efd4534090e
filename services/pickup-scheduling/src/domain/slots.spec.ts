import { slotsWithin } from './slots';

const windows = [
  { start: '12:00', end: '16:00', capacity: 2 },
  { start: '08:00', end: '12:00', capacity: 5 },
];

describe('slotsWithin', () => {
  it('lists the daily windows that lie wholly inside the span, earliest first', () => {
    const slots = slotsWithin(
      windows,
      { from: new Date('2026-12-01T09:00:00Z'), to: new Date('2026-12-02T16:00:00Z') },
      new Date('2026-11-30T00:00:00Z'),
    );
    expect(slots.map((slot) => [slot.from.toISOString(), slot.to.toISOString(), slot.capacity])).toEqual([
      ['2026-12-01T12:00:00.000Z', '2026-12-01T16:00:00.000Z', 2],
      ['2026-12-02T08:00:00.000Z', '2026-12-02T12:00:00.000Z', 5],
      ['2026-12-02T12:00:00.000Z', '2026-12-02T16:00:00.000Z', 2],
    ]);
  });

  it('never offers a slot that has already started', () => {
    const slots = slotsWithin(
      windows,
      { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
      new Date('2026-12-01T08:00:00Z'),
    );
    expect(slots.map((slot) => slot.from.toISOString())).toEqual(['2026-12-01T12:00:00.000Z']);
  });

  it('reads 24:00 as midnight at the end of the day', () => {
    const slots = slotsWithin(
      [{ start: '20:00', end: '24:00', capacity: 1 }],
      { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
      new Date('2026-11-30T00:00:00Z'),
    );
    expect(slots.map((slot) => slot.to.toISOString())).toEqual(['2026-12-02T00:00:00.000Z']);
  });
});
