import { formatTable, hopFigures, percentile, percentiles } from './stats';

describe('benchmark figures', () => {
  it('takes percentiles by nearest rank', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect([
      percentile(samples, 50),
      percentile(samples, 95),
      percentile(samples, 99),
      percentile(samples, 100),
    ]).toEqual([5, 10, 10, 10]);
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('prints each figure with its ceiling and the share of it used', () => {
    const table = formatTable([
      {
        name: 'lifecycle',
        value: 41.5,
        unit: 'returns/s',
        ceiling: { name: 'Postgres hop commits', value: 2300, unit: 'tx/s' },
        ratio: 0.2346,
      },
      { name: 'request → completed p50', value: 1234.4, unit: 'ms' },
    ]);
    expect(table.split('\n')).toEqual([
      expect.stringMatching(/^figure\s+value\s+ceiling\s+of ceiling$/),
      expect.stringMatching(/^-+( +-+){3}$/),
      expect.stringMatching(/^lifecycle\s+41\.5 returns\/s\s+2,300 tx\/s \(Postgres hop commits\)\s+23\.5 %$/),
      expect.stringMatching(/^request → completed p50\s+1,234 ms$/),
    ]);
  });

  it('takes p50, p95 and p99 together', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentiles(samples)).toEqual({ p50: 50, p95: 95, p99: 99 });
  });

  it("measures each hop over the events of one phase only, from the event's time to the consuming transaction", () => {
    const published = new Map([
      ['closed-1', { type: 'ReturnApproved', timeMs: 1_000 }],
      ['open-1', { type: 'ReturnApproved', timeMs: 60_000 }],
      ['open-2', { type: 'ReturnApproved', timeMs: 61_000 }],
      ['open-3', { type: 'RefundIssued', timeMs: 62_000 }],
    ]);
    const applied = [
      { consumer: 'refunds', eventId: 'closed-1', processedMs: 9_000 },
      { consumer: 'refunds', eventId: 'open-1', processedMs: 60_040 },
      { consumer: 'refunds', eventId: 'open-2', processedMs: 61_090 },
      { consumer: 'warehouse-qc', eventId: 'open-1', processedMs: 60_020 },
      { consumer: 'returns-intake', eventId: 'open-3', processedMs: 62_010 },
      // Applied, but read from no topic the run followed: not a hop it can time.
      { consumer: 'inventory', eventId: 'unknown', processedMs: 61_000 },
    ];
    expect(hopFigures(applied, published, { fromMs: 50_000, toMs: 70_000 })).toEqual({
      hops: [
        { hop: 'RefundIssued → returns-intake', count: 1, p50Ms: 10, p99Ms: 10 },
        { hop: 'ReturnApproved → refunds', count: 2, p50Ms: 40, p99Ms: 90 },
        { hop: 'ReturnApproved → warehouse-qc', count: 1, p50Ms: 20, p99Ms: 20 },
      ],
      applied: 4,
    });
  });
});
