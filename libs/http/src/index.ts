// The shared HTTP edge of every service: problem details, validation, OpenAPI, pagination, bootstrap.
export * from './lib/access';
export * from './lib/configure-http-app';
export * from './lib/grpc';
export * from './lib/grpc-call-log';
export * from './lib/open-api';
export * from './lib/page';
export * from './lib/problem-details';
export * from './lib/problem-details.filter';
export * from './lib/rate-limit';
export * from './lib/undecodable-message';
export * from './lib/validation';
