import { Services } from '@rebound/contracts';
import { ownEnvironmentVariables } from '@rebound/service';
import { InvalidConfigError } from '@rebound/kernel';
import { loadQcConfig, QcEnvironment } from './qc-config';

describe('loadQcConfig', () => {
  it('starts with the documented defaults on an empty environment', () => {
    expect(loadQcConfig({})).toMatchObject({ httpPort: 3003, databaseSchema: 'qc', claimTtlSeconds: 1800 });
  });

  it('reports every bad variable by name, with its value, in one error', () => {
    expect(() => loadQcConfig({ CLAIM_TTL_SECONDS: '5', HTTP_PORT: '-1' })).toThrow(InvalidConfigError);
    try {
      loadQcConfig({ CLAIM_TTL_SECONDS: '5', HTTP_PORT: '-1' });
    } catch (error) {
      const problems = (error as InvalidConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'HTTP_PORT="-1": must be an integer from 0 to 65535',
          'CLAIM_TTL_SECONDS="5": must be an integer from 60 to 86400',
        ]),
      );
    }
  });

  it('reads exactly the variables of its own that the service catalogue lists, so deployments set nothing it ignores', () => {
    expect(ownEnvironmentVariables(QcEnvironment)).toEqual([...Services.warehouseQc.environment].sort());
  });
});
