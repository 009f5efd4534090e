// The kernel every service's domain is written against, free of any framework: the error a use case
// refuses with, the clock, transaction and event-sink ports, the use-case shape, keyset pages, and
// money in minor units, reading configuration from the environment.
export * from './lib/backoff';
export * from './lib/domain-error';
export * from './lib/environment';
export * from './lib/money';
export * from './lib/page';
export * from './lib/ports';
