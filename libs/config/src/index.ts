// Reading a service's configuration from the environment, validated once at start-up.
export * from './lib/environment';
