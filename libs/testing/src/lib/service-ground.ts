/**
 * Where one test file runs a whole service: a Postgres schema and the topic catalogue under a Kafka
 * namespace, both its own, an OIDC issuer of its own whose tokens the service accepts, plus the
 * environment that points the service at them. The caller builds the service itself.
 */
import { KafkaJsBroker, kafkaConnection } from '@rebound/kafka';
import { createLogger } from '@rebound/observability';
import { createNamespacedCatalogue, deleteNamespacedTopics, testNamespace } from './namespaced-catalogue';
import { TestIssuer } from './test-issuer';
import { TestSchema } from './test-schema';

export interface ServiceGround {
  readonly namespace: string;
  readonly schema: TestSchema;
  readonly issuer: TestIssuer;
  /** The `Authorization` header of a caller holding every permission. */
  readonly trustedCaller: { readonly authorization: string };
  /**
   * Database, schema and topic namespace of this ground, its issuer, any free HTTP port, quiet logs,
   * and a write rate limit no suite reaches.
   */
  readonly env: Record<string, string>;
  /** Drops the schema, deletes the namespace's topics and stops the issuer. */
  dispose(): Promise<void>;
}

export async function prepareNamespacedGround(prefix: string): Promise<ServiceGround> {
  const namespace = testNamespace(prefix);
  const broker = new KafkaJsBroker({
    connection: kafkaConnection(),
    clientId: `${prefix}-tests`,
    logger: createLogger({ service: `${prefix}-tests`, level: 'silent' }),
    namespace,
  });
  await createNamespacedCatalogue(broker);
  const schema = await TestSchema.create(prefix.replace(/-/g, '_'));
  const issuer = await TestIssuer.start();
  return {
    namespace,
    schema,
    issuer,
    trustedCaller: await issuer.authorization(),
    env: {
      ...issuer.env,
      HTTP_PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.name,
      KAFKA_TOPIC_NAMESPACE: namespace,
      LOG_LEVEL: 'silent',
      // Suites (the fuzz ones above all) write thousands of times a minute as one client, as no real
      // client does: the limit stays on, out of their way. Tests of the limit set a small one.
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    },
    async dispose() {
      await issuer.stop();
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

/**
 * Calls a service's REST API: objects go as JSON, strings as they are (malformed bodies included);
 * `defaultHeaders` (a caller's `authorization`, say) go with every call unless the call sets its own.
 */
export function jsonHttp(baseUrl: string, defaultHeaders: Record<string, string> = {}): JsonHttp {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...defaultHeaders, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}
