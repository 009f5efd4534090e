import { coverageFor, servesPlace, slotsWithin, withinHorizon, type PartnerCoverage } from './partner-coverage';

const windows = [
  { start: '12:00', end: '16:00', capacity: 2 },
  { start: '08:00', end: '12:00', capacity: 5 },
];

describe('slotsWithin', () => {
  it('lists the daily windows that lie wholly inside the span, earliest first', () => {
    const slots = [
      ...slotsWithin(
        windows,
        { from: new Date('2026-12-01T09:00:00Z'), to: new Date('2026-12-02T16:00:00Z') },
        new Date('2026-11-30T00:00:00Z'),
      ),
    ];
    expect(slots.map((slot) => [slot.from.toISOString(), slot.to.toISOString(), slot.capacity])).toEqual([
      ['2026-12-01T12:00:00.000Z', '2026-12-01T16:00:00.000Z', 2],
      ['2026-12-02T08:00:00.000Z', '2026-12-02T12:00:00.000Z', 5],
      ['2026-12-02T12:00:00.000Z', '2026-12-02T16:00:00.000Z', 2],
    ]);
  });

  it('never offers a slot that has already started', () => {
    const slots = [
      ...slotsWithin(
        windows,
        { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
        new Date('2026-12-01T08:00:00Z'),
      ),
    ];
    expect(slots.map((slot) => slot.from.toISOString())).toEqual(['2026-12-01T12:00:00.000Z']);
  });

  it('reads 24:00 as midnight at the end of the day', () => {
    const slots = [
      ...slotsWithin(
        [{ start: '20:00', end: '24:00', capacity: 1 }],
        { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
        new Date('2026-11-30T00:00:00Z'),
      ),
    ];
    expect(slots.map((slot) => slot.to.toISOString())).toEqual(['2026-12-02T00:00:00.000Z']);
  });

  it('makes slots one at a time, so the first free slot of a decades-long window is found at once', () => {
    const farFuture = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2076-12-01T00:00:00Z') };
    const first = slotsWithin(windows, farFuture, new Date('2026-11-30T00:00:00Z')).next();
    expect(first.value?.from.toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('offers no slot of a window without capacity', () => {
    const closed = [{ start: '08:00', end: '12:00', capacity: 0 }];
    const span = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };
    expect([...slotsWithin(closed, span, new Date('2026-11-30T00:00:00Z'))]).toEqual([]);
  });
});

describe('withinHorizon', () => {
  it('cuts a window reaching past the horizon, and leaves a shorter one alone', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const span = { from: new Date('2026-12-02T00:00:00Z'), to: new Date('9999-12-31T00:00:00Z') };
    expect(withinHorizon(span, now, 60).to.toISOString()).toBe('2027-01-30T00:00:00.000Z');
    const short = { from: span.from, to: new Date('2026-12-05T00:00:00Z') };
    expect(withinHorizon(short, now, 60)).toEqual(short);
  });
});

describe('servesPlace', () => {
  const areas = [
    { country: 'DE', postalPrefixes: ['10', '12'] },
    { country: 'AT', postalPrefixes: [] },
  ];

  it('serves postal codes starting with a prefix, whole countries without prefixes, and a country alone for labels', () => {
    expect(servesPlace(areas, { country: 'DE', postalCode: '10 115' })).toBe(true);
    expect(servesPlace(areas, { country: 'DE', postalCode: '80331' })).toBe(false);
    expect(servesPlace(areas, { country: 'AT', postalCode: '1010' })).toBe(true);
    expect(servesPlace(areas, { country: 'DE' })).toBe(true);
    expect(servesPlace(areas, { country: 'FR' })).toBe(false);
  });
});

describe('coverageFor', () => {
  const now = new Date('2026-12-01T06:00:00Z');
  const berlin = {
    partnerId: 'berlin-express',
    serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
    capabilities: ['carrier_pickup', 'mail_back'],
    slotWindows: [
      { start: '08:00', end: '12:00', capacity: 5 },
      { start: '14:00', end: '18:00', capacity: 5 },
    ],
    horizonDays: 14,
  } satisfies PartnerCoverage;
  const pickupAt = (from: string, to: string, postalCode = '10115') => ({
    method: 'carrier_pickup' as const,
    shippingRegion: 'DE',
    pickup: { address: { country: 'DE', postalCode }, window: { from, to } },
  });

  it('fits a window that holds a whole slot', () => {
    expect(coverageFor([berlin], pickupAt('2026-12-02T07:00:00Z', '2026-12-02T12:30:00Z'), now)).toEqual({
      fits: true,
    });
  });

  it('refuses a window no slot lies wholly inside, suggesting the nearest slots', () => {
    expect(coverageFor([berlin], pickupAt('2026-12-02T09:00:00Z', '2026-12-02T13:00:00Z'), now)).toEqual({
      fits: false,
      reason: 'window-not-fitting',
      suggestions: [
        { from: new Date('2026-12-01T14:00:00Z'), to: new Date('2026-12-01T18:00:00Z') },
        { from: new Date('2026-12-02T08:00:00Z'), to: new Date('2026-12-02T12:00:00Z') },
        { from: new Date('2026-12-02T14:00:00Z'), to: new Date('2026-12-02T18:00:00Z') },
      ],
    });
  });

  it('refuses a window beyond the booking horizon', () => {
    const verdict = coverageFor([berlin], pickupAt('2026-12-20T00:00:00Z', '2026-12-20T23:00:00Z'), now);
    expect(verdict).toMatchObject({ fits: false, reason: 'window-not-fitting' });
  });

  it('names an unserved address before an unoffered method', () => {
    expect(coverageFor([berlin], pickupAt('2026-12-02T07:00:00Z', '2026-12-02T13:00:00Z', '80331'), now)).toEqual({
      fits: false,
      reason: 'address-not-served',
    });
    expect(coverageFor([berlin], { method: 'in_store_dropoff', shippingRegion: 'DE' }, now)).toEqual({
      fits: false,
      reason: 'method-not-served',
    });
    expect(coverageFor([], { method: 'mail_back', shippingRegion: 'DE' }, now)).toEqual({
      fits: false,
      reason: 'address-not-served',
    });
  });

  it('needs no slot for a label', () => {
    expect(coverageFor([berlin], { method: 'mail_back', shippingRegion: 'DE-BE' }, now)).toEqual({ fits: true });
  });
});
