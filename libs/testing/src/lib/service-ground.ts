/**
 * Where one test file runs a whole service: a Postgres schema and the topic catalogue under a Kafka
 * namespace, both its own, plus the environment that points the service at them. The caller builds
 * the namespaced broker (this library cannot import @rebound/messaging) and the service itself;
 * service tests call `prepareNamespacedGround` from @rebound/messaging/testing, which does both.
 */
import {
  createNamespacedCatalogue,
  deleteNamespacedTopics,
  testNamespace,
  type NamespacedBroker,
} from './namespaced-catalogue';
import { TestSchema } from './test-schema';

export interface ServiceGround {
  readonly namespace: string;
  readonly schema: TestSchema;
  /** Database, schema and topic namespace of this ground, any free HTTP port, quiet logs. */
  readonly env: Record<string, string>;
  /** Drops the schema and deletes the namespace's topics. */
  dispose(): Promise<void>;
}

export async function prepareServiceGround(
  prefix: string,
  brokerFor: (namespace: string) => NamespacedBroker,
): Promise<ServiceGround> {
  const namespace = testNamespace(prefix);
  const broker = brokerFor(namespace);
  await createNamespacedCatalogue(broker);
  const schema = await TestSchema.create(prefix.replace(/-/g, '_'));
  return {
    namespace,
    schema,
    env: {
      HTTP_PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.name,
      KAFKA_TOPIC_NAMESPACE: namespace,
      LOG_LEVEL: 'silent',
    },
    async dispose() {
      await schema.drop();
      await deleteNamespacedTopics(broker).catch(() => undefined);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface JsonAnswer<T = Json> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export type JsonHttp = <T = Json>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<JsonAnswer<T>>;

/** Calls a service's REST API: objects go as JSON, strings as they are (malformed bodies included). */
export function jsonHttp(baseUrl: string): JsonHttp {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}
