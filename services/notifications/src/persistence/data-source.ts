/**
 * notifications' DataSource, for the migrate CLI (`nx run notifications:migrate`): the service's own
 * role and schema, its migrations and the messaging tables.
 */
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadNotificationsConfig } from '../config/notifications-config';
import { notificationsMigrations } from './migrations';

const config = loadNotificationsConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: serviceMigrations(notificationsMigrations),
  applicationName: 'notifications-migrate',
});
