/**
 * Creates the Rebound database and one role per service that can use only its own schema
 * (DATABASE_URL is the admin connection; REBOUND_DB_PASSWORD sets the service roles' password).
 */
import { allServices } from '@rebound/contracts';
import { adminDatabaseUrl, provisionDatabase } from '@rebound/persistence';

async function main(): Promise<void> {
  const password = process.env['REBOUND_DB_PASSWORD'] || 'rebound';
  await provisionDatabase(
    adminDatabaseUrl(),
    allServices().map((service) => ({ schema: service.schema, role: service.databaseRole, password })),
    (line) => console.log(`    ✓ ${line}`),
  );
}

main().catch((error: Error) => {
  console.error(`    ✗ provisioning Postgres failed: ${error.message}`);
  process.exit(1);
});
