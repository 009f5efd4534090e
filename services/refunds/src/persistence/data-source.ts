/**
 * refunds's DataSource, for the migrate CLI (`nx run refunds:migrate`): the
 * service's own role and schema, its migrations and the messaging tables.
 */
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadRefundsConfig } from '../config/refunds-config';
import { refundsMigrations } from './migrations';

const config = loadRefundsConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: serviceMigrations(refundsMigrations),
  applicationName: 'refunds-migrate',
});
