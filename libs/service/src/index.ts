// The kernel's Nest side: how a service provides its ports and use cases.
export * from './lib/use-cases';
