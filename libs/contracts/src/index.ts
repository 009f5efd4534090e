export * from './lib/topics';
export * from './lib/services';
export * from './lib/envelope';
export * from './lib/event-payload';
export * from './lib/invalid-event.error';
export * from './lib/decode-event';
