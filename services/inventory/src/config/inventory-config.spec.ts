import { Services } from '@rebound/contracts';
import { ownEnvironmentVariables } from '@rebound/service';
import { InvalidConfigError } from '@rebound/kernel';
import { loadInventoryConfig, InventoryEnvironment } from './inventory-config';

describe('loadInventoryConfig', () => {
  it('starts with the documented defaults on an empty environment', () => {
    expect(loadInventoryConfig({})).toMatchObject({ httpPort: 3004, grpcPort: 50054, databaseSchema: 'inventory' });
  });

  it('reports every bad variable by name, with its value, in one error', () => {
    const bad = { GRPC_PORT: '70000', HTTP_PORT: 'x' };
    expect(() => loadInventoryConfig(bad)).toThrow(InvalidConfigError);
    try {
      loadInventoryConfig(bad);
    } catch (error) {
      expect((error as InvalidConfigError).problems).toEqual(
        expect.arrayContaining([
          'GRPC_PORT="70000": must be an integer from 0 to 65535',
          expect.stringMatching(/^HTTP_PORT="x": /),
        ]),
      );
    }
  });

  it('reads exactly the variables of its own that the service catalogue lists, so deployments set nothing it ignores', () => {
    expect(ownEnvironmentVariables(InventoryEnvironment)).toEqual([...Services.inventory.environment].sort());
  });
});
