/**
 * pickup-scheduling's DataSource, for the migrate CLI (`nx run pickup-scheduling:migrate`): the
 * service's own role and schema, its migrations and the messaging tables. It reads PARTNER_SECRETS_KEY
 * too: a migration seals the partners' webhook secrets with it.
 */
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { loadPickupsConfig } from '../config/pickups-config';
import { pickupsMigrations } from './migrations';
import { partnerSecretCipher } from './partner-secret-cipher';

const config = loadPickupsConfig();

export default createSchemaDataSource({
  url: config.databaseUrl,
  schema: config.databaseSchema,
  migrations: serviceMigrations(pickupsMigrations(partnerSecretCipher(config.partnerSecretsKey))),
  applicationName: 'pickup-scheduling-migrate',
});
