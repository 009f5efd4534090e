/**
 * inventory's DataSource, for the migrate CLI (`nx run inventory:migrate`): the
 * service's own role and schema, its migrations and the messaging tables.
 */
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadInventoryConfig } from '../config/inventory-config';
import { inventoryMigrations } from './migrations';

const config = loadInventoryConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: serviceMigrations(inventoryMigrations),
  applicationName: 'inventory-migrate',
});
