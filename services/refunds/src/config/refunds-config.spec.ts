import { Services } from '@rebound/contracts';
import { ownEnvironmentVariables } from '@rebound/service';
import { InvalidConfigError } from '@rebound/kernel';
import { loadRefundsConfig, RefundsEnvironment } from './refunds-config';

describe('loadRefundsConfig', () => {
  it('starts with the documented defaults on an empty environment: the local sandbox provider', () => {
    expect(loadRefundsConfig({})).toMatchObject({
      httpPort: 3005,
      databaseSchema: 'refunds',
      paymentProviderUrl: 'http://127.0.0.1:3090',
      paymentTimeoutMs: 10_000,
      paymentMaxAttempts: 5,
    });
  });

  it('reports every bad variable by name in one error, and a timeout no shorter than the lease', () => {
    const bad = { PAYMENT_PROVIDER_URL: 'not a url', PAYMENT_MAX_ATTEMPTS: '0', PAYMENT_TIMEOUT_MS: '70000' };
    expect(() => loadRefundsConfig(bad)).toThrow(InvalidConfigError);
    try {
      loadRefundsConfig(bad);
    } catch (error) {
      const problems = (error as InvalidConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^PAYMENT_PROVIDER_URL="not a url": /),
          'PAYMENT_MAX_ATTEMPTS="0": must be an integer from 1 to 50',
          'PAYMENT_TIMEOUT_MS must be shorter than PAYMENT_LEASE_MS, or a slow call would be taken over mid-flight',
        ]),
      );
    }
  });

  it('reads exactly the variables of its own that the service catalogue lists, so deployments set nothing it ignores', () => {
    expect(ownEnvironmentVariables(RefundsEnvironment)).toEqual([...Services.refunds.environment].sort());
  });
});
