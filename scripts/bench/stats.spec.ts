import { formatTable, percentile } from './stats';

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
});
