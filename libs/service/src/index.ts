// The kernel's Nest side, what every service boots from: its environment read and checked at start,
// its database, messaging and operations endpoints (serviceInfrastructure), its metrics, and how it
// provides its ports and use cases.
export * from './lib/service-environment';
export * from './lib/service-infrastructure';
export { ServiceMetrics } from './lib/service-metrics';
export * from './lib/use-cases';
