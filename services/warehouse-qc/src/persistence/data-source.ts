/**
 * warehouse-qc's DataSource, for the migrate CLI (`nx run warehouse-qc:migrate`): the
 * service's own role and schema, its migrations and the messaging tables.
 */
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadQcConfig } from '../config/qc-config';
import { qcMigrations } from './migrations';

const config = loadQcConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: serviceMigrations(qcMigrations),
  applicationName: 'warehouse-qc-migrate',
});
