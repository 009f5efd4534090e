/** refunds as docker-compose.yml starts it: its environment, ports, health check, migration and image. */
import { describeComposedService } from '@rebound/testing';
import { environmentVariables } from '@rebound/kernel';
import { RefundsEnvironment, loadRefundsConfig } from '../src/config/refunds-config';

describeComposedService({
  service: 'refunds',
  variables: environmentVariables(RefundsEnvironment),
  load: loadRefundsConfig,
  listensOn: (config) => [config.httpPort],
});
