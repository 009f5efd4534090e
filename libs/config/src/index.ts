// Reading a service's configuration from the environment, validated once at start-up, and the Kafka
// connection every client (service, tool, test) builds from it.
export * from './lib/environment';
export * from './lib/kafka-connection';
export * from './lib/local-kafka';
