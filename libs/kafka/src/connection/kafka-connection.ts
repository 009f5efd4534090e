/**
 * How a Kafka client reaches and authenticates to the cluster, from the environment — the same for
 * every service, tool and test:
 *
 *   KAFKA_BROKERS          comma-separated host:port (default: the local stack's 127.0.0.1:9092)
 *   KAFKA_SASL_MECHANISM   scram-sha-512 | scram-sha-256 | plain (unset: no SASL)
 *   KAFKA_USERNAME         the client's own user, with KAFKA_PASSWORD
 *   KAFKA_TLS              true for TLS (implied by KAFKA_TLS_CA_FILE)
 *   KAFKA_TLS_CA_FILE      PEM bundle the brokers' certificates are verified against (default: the system's)
 *   KAFKA_TLS_CERT_FILE    with KAFKA_TLS_KEY_FILE, a client certificate (PEM)
 *
 * Outside local development (any broker not on a loopback address) a client must authenticate, and a
 * PLAIN password never travels without TLS.
 */
import { readFileSync } from 'node:fs';

const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** SASL credentials, one member per mechanism (the shape kafkajs' `SASLOptions` takes). */
export type KafkaSasl = {
  [M in KafkaSaslMechanism]: { readonly mechanism: M; readonly username: string; readonly password: string };
}[KafkaSaslMechanism];

/** The shape kafkajs' `KafkaConfig` takes for `brokers`, `ssl` and `sasl`. */
export interface KafkaConnection {
  readonly brokers: string[];
  readonly ssl?: {
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly rejectUnauthorized: true;
  };
  readonly sasl?: KafkaSasl;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/** Thrown with every problem of the Kafka settings at once. */
export class KafkaConnectionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'KafkaConnectionError';
  }
}

/** The connection the environment describes; throws a `KafkaConnectionError` naming every bad variable. */
export function kafkaConnection(env: NodeJS.ProcessEnv = process.env): KafkaConnection {
  const problems: string[] = [];
  const brokers = readBrokers(env, problems);
  const sasl = readSasl(env, problems);
  const ssl = readTls(env, problems);
  if (brokers.length > 0 && !brokers.every(isLoopback)) {
    if (sasl?.mechanism === 'plain' && !ssl) {
      problems.push(
        'KAFKA_SASL_MECHANISM=plain sends the password in clear: brokers off this machine need KAFKA_TLS=true',
      );
    }
    if (!sasl && !ssl?.cert) {
      problems.push(
        'brokers off this machine need credentials: set KAFKA_SASL_MECHANISM=scram-sha-512 with KAFKA_USERNAME and KAFKA_PASSWORD (or a client certificate)',
      );
    }
  }
  if (problems.length > 0) throw new KafkaConnectionError(problems);
  return { brokers, ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/** What is wrong with the Kafka settings, for a start-up check of a whole environment. */
export function kafkaConnectionProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  try {
    kafkaConnection(env);
    return [];
  } catch (error) {
    if (error instanceof KafkaConnectionError) return [...error.problems];
    throw error;
  }
}

/** One line for logs and error messages: where, as whom, how protected — never the password. */
export function describeKafkaConnection(connection: KafkaConnection): string {
  const who = connection.sasl ? `${connection.sasl.mechanism} user ${connection.sasl.username}` : 'no SASL user';
  return `${connection.brokers.join(',')} as ${who}${connection.ssl ? ' over TLS' : ''}`;
}

function isLoopback(broker: string): boolean {
  return LOOPBACK_HOST.test(broker.slice(0, broker.lastIndexOf(':')));
}

function readBrokers(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const brokers = (env['KAFKA_BROKERS'] || DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) problems.push('KAFKA_BROKERS is empty');
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker) && !/^\[[0-9a-f:]+\]:\d{1,5}$/i.test(broker)) {
      problems.push(`KAFKA_BROKERS entry "${broker}" must be host:port`);
    }
  }
  return brokers;
}

function readSasl(env: NodeJS.ProcessEnv, problems: string[]): KafkaConnection['sasl'] {
  const mechanism = env['KAFKA_SASL_MECHANISM']?.trim().toLowerCase();
  const username = env['KAFKA_USERNAME'];
  const password = env['KAFKA_PASSWORD'];
  if (!mechanism) {
    if (username || password) {
      problems.push('KAFKA_USERNAME or KAFKA_PASSWORD is set without KAFKA_SASL_MECHANISM (scram-sha-512, say)');
    }
    return undefined;
  }
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, got "${mechanism}"`);
    return undefined;
  }
  const missing = [username ? undefined : 'KAFKA_USERNAME', password ? undefined : 'KAFKA_PASSWORD'].filter(Boolean);
  if (missing.length > 0) {
    problems.push(`KAFKA_SASL_MECHANISM=${mechanism} needs ${missing.join(' and ')}`);
    return undefined;
  }
  return { mechanism, username, password } as KafkaSasl;
}

function readTls(env: NodeJS.ProcessEnv, problems: string[]): KafkaConnection['ssl'] {
  const flag = env['KAFKA_TLS']?.trim().toLowerCase();
  if (flag && flag !== 'true' && flag !== 'false') problems.push(`KAFKA_TLS must be true or false, got "${flag}"`);
  const ca = readPem(env, 'KAFKA_TLS_CA_FILE', problems);
  const cert = readPem(env, 'KAFKA_TLS_CERT_FILE', problems);
  const key = readPem(env, 'KAFKA_TLS_KEY_FILE', problems);
  if (Boolean(env['KAFKA_TLS_CERT_FILE']) !== Boolean(env['KAFKA_TLS_KEY_FILE'])) {
    problems.push('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together: set both or neither');
  }
  const files = Boolean(env['KAFKA_TLS_CA_FILE'] || env['KAFKA_TLS_CERT_FILE'] || env['KAFKA_TLS_KEY_FILE']);
  if (flag === 'false' && files) problems.push('KAFKA_TLS=false contradicts the KAFKA_TLS_*_FILE settings');
  if (flag !== 'true' && !files) return undefined;
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), rejectUnauthorized: true };
}

function readPem(env: NodeJS.ProcessEnv, variable: string, problems: string[]): string | undefined {
  const path = env[variable];
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(
      `${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
    return undefined;
  }
}
