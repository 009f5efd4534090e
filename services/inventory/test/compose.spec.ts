/** inventory as docker-compose.yml starts it: its environment, ports, health check, migration and image. */
import { describeComposedService } from '@rebound/testing';
import { environmentVariables } from '@rebound/kernel';
import { InventoryEnvironment, loadInventoryConfig } from '../src/config/inventory-config';

describeComposedService({
  service: 'inventory',
  variables: environmentVariables(InventoryEnvironment),
  load: loadInventoryConfig,
  listensOn: (config) => [config.httpPort, config.grpcPort],
});
