import { benchOptions, replicaCounts } from './options';

describe('the benchmark’s options', () => {
  it('runs each service once, the open loop for a minute at a rate it measures, unless told otherwise', () => {
    const options = benchOptions([]);
    expect(options).toMatchObject({ returns: 2000, concurrency: 32, apiSeconds: 10, openSeconds: 60, instances: {} });
    expect(options.openRate).toBeUndefined();
    expect(options.openReturns).toBeUndefined();
  });

  it('takes an open-loop rate, duration or count', () => {
    expect(benchOptions(['--open-rate', '2.5', '--open-returns', '40'])).toMatchObject({
      openRate: 2.5,
      openReturns: 40,
    });
    expect(() => benchOptions(['--open-rate', '0'])).toThrow(
      '--open-rate must be a number above 0 and at most 1000, got "0"',
    );
    expect(() => benchOptions(['--open-seconds', '1.5'])).toThrow(
      '--open-seconds must be a whole number from 1 to 3600, got "1.5"',
    );
  });

  it('runs replicas of a service, up to one per partition', () => {
    expect(replicaCounts(['returns-intake=2', 'inventory=3'])).toEqual({ 'returns-intake': 2, inventory: 3 });
    expect(() => replicaCounts(['returns-intake=7'])).toThrow(
      '--replicas returns-intake must be a whole number from 1 to 6, got "7"',
    );
  });

  it('names what is wrong with a replica count it cannot take', () => {
    expect(() => replicaCounts(['intake=2'])).toThrow('--replicas takes <service>=<n>');
    expect(() => replicaCounts(['returns-intake'])).toThrow('got "returns-intake"');
    expect(() => replicaCounts(['refunds=2', 'refunds=3'])).toThrow('--replicas names refunds twice');
  });
});
