export * from './lib/broker-control';
export * from './lib/kafka';
export * from './lib/namespaced-catalogue';
export * from './lib/test-consumer';
export * from './lib/test-schema';
export * from './lib/ts-process';
export * from './lib/unique-name';
export * from './lib/wait-until';
