/** notifications as docker-compose.yml starts it: its environment, ports, health check, migration and image. */
import { describeComposedService } from '@rebound/testing';
import { environmentVariables } from '@rebound/kernel';
import { NotificationsEnvironment, loadNotificationsConfig } from '../src/config/notifications-config';

describeComposedService({
  service: 'notifications',
  variables: environmentVariables(NotificationsEnvironment),
  load: loadNotificationsConfig,
  listensOn: (config) => [config.httpPort],
});
