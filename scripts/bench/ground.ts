/**
 * Where one benchmark run works: a Kafka topic namespace with the whole catalogue and Postgres
 * schemas, all its own and all removed at the end, so a run disturbs nothing and leaves nothing.
 */
import { LOCAL_KAFKA_TOOLS, kafkaConnectionOrLocal } from '@rebound/config';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { catalogueTopics } from '@rebound/contracts';
import { KafkaJsBroker } from '@rebound/messaging';
import { createLogger } from '@rebound/observability';
import { postgresConnection } from '@rebound/persistence';

export const BENCH_PARTITIONS = 6;

export function adminDatabaseUrl(): string {
  return process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/rebound';
}

export class BenchGround {
  readonly broker: KafkaJsBroker;
  private readonly schemas: string[] = [];

  private constructor(
    readonly tag: string,
    readonly namespace: string,
  ) {
    this.broker = new KafkaJsBroker({
      connection: kafkaConnectionOrLocal(LOCAL_KAFKA_TOOLS.bench.user),
      clientId: `rebound-bench-${tag}`,
      logger: createLogger({ service: 'bench', level: 'silent' }),
      namespace,
    });
  }

  static async prepare(): Promise<BenchGround> {
    const tag = randomBytes(3).toString('hex');
    const ground = new BenchGround(tag, `bench-${tag}`);
    const admin = ground.broker.admin();
    await admin.connect();
    try {
      await admin.createTopics(
        catalogueTopics().map((topic) => ({
          topic: topic.name,
          partitions: BENCH_PARTITIONS,
          config: { 'cleanup.policy': topic.cleanupPolicy },
        })),
      );
    } finally {
      await admin.disconnect();
    }
    return ground;
  }

  /** A new empty schema of this run. */
  async schema(purpose: string): Promise<string> {
    const name = `bench_${this.tag}_${purpose.replace(/-/g, '_')}`;
    await withAdmin((client) => client.query(`CREATE SCHEMA ${name}`));
    this.schemas.push(name);
    return name;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withAdmin(async (client) => (await client.query(sql, params)).rows as T[]);
  }

  /** Drops the schemas and deletes the namespace's topics (partner topics included). */
  async dispose(): Promise<void> {
    for (const schema of this.schemas) await withAdmin((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    const admin = this.broker.admin();
    await admin.connect();
    try {
      await admin.deleteTopics(await admin.listTopics());
    } finally {
      await admin.disconnect();
    }
  }
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...postgresConnection(adminDatabaseUrl()), application_name: 'rebound-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
