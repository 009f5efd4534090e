export * from './handle-event.decorator';
export * from './messaging.module';
export * from './service-infrastructure';
export * from './service-environment';
export { ServiceMetrics } from './service-metrics';
