import { DataSource, EntityManager } from 'typeorm';

/** `"schema".table` for the messaging tables of the data source's own schema. */
export function schemaTable(
  source: DataSource | EntityManager,
  table: 'outbox' | 'outbox_lane' | 'inbox' | 'parked_event',
): string {
  const dataSource = source instanceof DataSource ? source : source.connection;
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('messaging needs a data source with a schema (createSchemaDataSource)');
  return `"${schema}".${table}`;
}
