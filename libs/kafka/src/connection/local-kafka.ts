/**
 * The local stack's Kafka users (scripts/stack): each has its own password, derived from one local
 * secret (`REBOUND_KAFKA_LOCAL_SECRET`, default `rebound-local`) so that the stack, the bring-up and
 * the tests can all connect as any user without a password file. A deployment never uses these: its
 * passwords are generated (Strimzi's User Operator, or pickup-scheduling for a partner) and given
 * through KAFKA_PASSWORD.
 */
import { createHmac } from 'node:crypto';
import { KafkaConnection, kafkaConnection } from './kafka-connection';

/** The super user the local stack provisions with; nothing else runs as it. */
export const LOCAL_KAFKA_ADMIN = 'rebound-admin';

/** The local stack's tool users, each allowed only the topic namespaces it makes for itself. */
export const LOCAL_KAFKA_TOOLS = {
  /** Integration tests: namespaces `it-<name>-<random>` and topics `it.<name>.<random>.v1`. */
  tests: { user: 'rebound-tests', prefixes: ['it-', 'it.'] },
  /** scripts/bench: namespace `bench-<random>`. */
  bench: { user: 'rebound-bench', prefixes: ['bench-'] },
  /** scripts/chaos: namespace `chaos-<random>`. */
  chaos: { user: 'rebound-chaos', prefixes: ['chaos-'] },
} as const;

export function localKafkaPassword(user: string, env: NodeJS.ProcessEnv = process.env): string {
  const secret = env['REBOUND_KAFKA_LOCAL_SECRET'] || 'rebound-local';
  return createHmac('sha256', secret).update(user).digest('hex').slice(0, 32);
}

/** The variables that make a Kafka client of the local stack connect as `user`. */
export function localKafkaEnv(user: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_USERNAME: user, KAFKA_PASSWORD: localKafkaPassword(user, env) };
}

/**
 * `localKafkaEnv(user)` when the environment names neither a cluster (KAFKA_BROKERS) nor a user
 * (KAFKA_SASL_MECHANISM); nothing otherwise, so what the environment says stands.
 */
export function localKafkaEnvUnlessConfigured(
  user: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return env['KAFKA_BROKERS'] || env['KAFKA_SASL_MECHANISM'] ? {} : localKafkaEnv(user, env);
}

/**
 * For tools run by hand (the dead-letter tool, the partner simulator, the benchmark): the connection
 * the environment describes, or the local stack's broker as the tool's own user there.
 */
export function kafkaConnectionOrLocal(user: string, env: NodeJS.ProcessEnv = process.env): KafkaConnection {
  return kafkaConnection({ ...env, ...localKafkaEnvUnlessConfigured(user, env) });
}
