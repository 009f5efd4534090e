export * from './lib/data-source.factory';
export * from './lib/database-url';
export * from './lib/database-errors';
export * from './lib/migration-runner';
export * from './lib/postgres-tls';
export * from './lib/provisioning';
export * from './lib/snake-naming.strategy';
export * from './lib/transaction';
