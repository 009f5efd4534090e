export * from './handle-event.decorator';
export { KafkaHealth } from './kafka-health';
export { MessagingMetrics } from './messaging-metrics';
export * from './messaging.module';
