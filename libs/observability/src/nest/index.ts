// Nest wiring for observability; the core (`@rebound/observability`) stays free of NestJS.
export * from './nest-pino-logger';
