/**
 * returns-intake's DataSource, for the migrate CLI (`nx run returns-intake:migrate`): the service's
 * own role and schema, its migrations and the messaging tables.
 */
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadIntakeConfig } from '../config/intake-config';
import { intakeMigrations } from './migrations';

const config = loadIntakeConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: serviceMigrations(intakeMigrations),
  applicationName: 'returns-intake-migrate',
});
