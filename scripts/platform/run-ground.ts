/**
 * Where one run of a tool that brings up its own platform works (the benchmark, the chaos run): a
 * Kafka topic namespace with the whole catalogue and Postgres schemas, all its own and all removed at
 * the end, so a run disturbs nothing and leaves nothing. The tool connects as its own user of the
 * local stack, allowed only its namespaces (`LOCAL_KAFKA_TOOLS`).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LOCAL_KAFKA_TOOLS, kafkaConnectionOrLocal, KafkaJsBroker } from '@rebound/kafka';
import { catalogueTopics } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';
import { adminDatabaseUrl, postgresConnection } from '@rebound/persistence';

export const RUN_PARTITIONS = 6;

/** The tools that bring up a platform of their own. */
export type RunTool = 'bench' | 'chaos';

export class RunGround {
  readonly broker: KafkaJsBroker;
  private readonly schemas: string[] = [];

  private constructor(
    readonly tool: RunTool,
    readonly tag: string,
    readonly namespace: string,
  ) {
    this.broker = new KafkaJsBroker({
      connection: kafkaConnectionOrLocal(LOCAL_KAFKA_TOOLS[tool].user),
      clientId: `rebound-${tool}-${tag}`,
      logger: createLogger({ service: tool, level: 'silent' }),
      namespace,
    });
  }

  /** A new namespace `<tool>-<random>` with every catalogue topic in it. */
  static async prepare(tool: RunTool): Promise<RunGround> {
    const tag = randomBytes(3).toString('hex');
    const ground = new RunGround(tool, tag, `${tool}-${tag}`);
    const admin = ground.broker.admin();
    await admin.connect();
    try {
      await admin.createTopics(
        catalogueTopics().map((topic) => ({
          topic: topic.name,
          partitions: RUN_PARTITIONS,
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
    const name = `${this.tool}_${this.tag}_${purpose.replace(/-/g, '_')}`;
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
  const client = new Client({ ...postgresConnection(adminDatabaseUrl()), application_name: 'rebound-tools' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
