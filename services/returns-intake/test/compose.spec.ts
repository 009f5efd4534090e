/** returns-intake as docker-compose.yml starts it: its environment, ports, health check, migration and image. */
import { describeComposedService } from '@rebound/testing';
import { environmentVariables } from '@rebound/kernel';
import { IntakeEnvironment, loadIntakeConfig } from '../src/config/intake-config';

describeComposedService({
  service: 'returns-intake',
  variables: environmentVariables(IntakeEnvironment),
  load: loadIntakeConfig,
  listensOn: (config) => [config.httpPort, config.grpcPort],
});
