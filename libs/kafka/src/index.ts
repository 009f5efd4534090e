// The Kafka port and its kafkajs adapter, the connection every client builds from the environment,
// topic namespaces, and Kafka access (ACLs, SCRAM users): what services, tools and tests use to talk
// to the cluster, free of the messaging guarantees (outbox, inbox) built on top in @rebound/messaging.
export * from './connection/kafka-connection';
export * from './connection/local-kafka';
export * from './broker/message-broker.port';
export * from './broker/kafkajs.broker';
export * from './broker/kafka-config';
export * from './broker/topic-namespace';
export * from './access/kafka-access';
export * from './access/kafka-access-admin';
