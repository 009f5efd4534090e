/**
 * pickup-scheduling's DataSource, for the migrate CLI (`nx run pickup-scheduling:migrate`): the
 * service's own role and schema, its migrations and the messaging tables.
 */
import { messagingMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadPickupsConfig } from '../config/pickups-config';
import { pickupsMigrations } from './migrations';

const config = loadPickupsConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: [...messagingMigrations, ...pickupsMigrations],
  applicationName: 'pickup-scheduling-migrate',
});
