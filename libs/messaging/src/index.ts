// The messaging guarantees every service relies on: the outbox and its relay, the inbox, the consumer
// with retries, parking and dead letters, and their tables. Kafka itself is @rebound/kafka's.
export * from './lib/outbox/outbox';
export * from './lib/outbox/outbox-relay';
export * from './lib/outbox/outbox-transactions';
export * from './lib/inbox/inbox';
export * from './lib/inbox/inbox-retention';
export * from './lib/consumer/event-handler';
export * from './lib/consumer/event-consumer';
export * from './lib/consumer/error-classification';
export * from './lib/consumer/dead-letter';
export { DEFAULT_PARKING, type ParkingPolicy } from './lib/consumer/parked-event-retrier';
export * from './lib/migrations';
