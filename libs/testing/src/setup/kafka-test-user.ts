import { LOCAL_KAFKA_TOOLS, localKafkaEnvUnlessConfigured } from '@rebound/kafka';
/**
 * Jest set-up (jest.preset.js): every test — and every process a test starts — connects to the local
 * stack's broker as the tests' own Kafka user, which may touch only `it-*` namespaces and `it.*`
 * topics, unless the environment names a cluster (KAFKA_BROKERS) or a user (KAFKA_SASL_MECHANISM).
 */

Object.assign(process.env, localKafkaEnvUnlessConfigured(LOCAL_KAFKA_TOOLS.tests.user));
