/** warehouse-qc as docker-compose.yml starts it: its environment, ports, health check, migration and image. */
import { describeComposedService } from '@rebound/testing';
import { environmentVariables } from '@rebound/kernel';
import { QcEnvironment, loadQcConfig } from '../src/config/qc-config';

describeComposedService({
  service: 'warehouse-qc',
  variables: environmentVariables(QcEnvironment),
  load: loadQcConfig,
  listensOn: (config) => [config.httpPort],
});
