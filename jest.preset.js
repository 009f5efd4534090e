// Shared Jest settings: SWC transpiles TypeScript (type checking is the `typecheck` target's job),
// keeping the decorator metadata that NestJS, TypeORM and class-validator read at runtime.
const nxPreset = require('@nx/jest/preset').default;
const path = require('node:path');

// The suites that stop and start the local broker (localBroker in libs/testing) to prove nothing is
// lost meanwhile. `npm test` runs every other suite first, two projects at a time against the shared
// broker (REBOUND_BROKER_OUTAGE_SUITES=skip), then these alone (=only); unset, a run includes them.
const BROKER_OUTAGE_SUITES = [
  'libs/messaging/test/exactly-once.int-spec.ts',
  'services/inventory/test/kafka-outage.int-spec.ts',
];
const outageSuites = process.env.REBOUND_BROKER_OUTAGE_SUITES;
const outageSuitePattern = (suite) => `${path.join(__dirname, suite).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
const testMatch = ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'];

if (outageSuites !== undefined && !['skip', 'only'].includes(outageSuites)) {
  throw new Error(`REBOUND_BROKER_OUTAGE_SUITES is "skip" or "only", not "${outageSuites}"`);
}

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  // Every test's name in the output, so a CI log shows what ran.
  verbose: true,
  // `npm test` runs two projects at once on two cores: a test that starts a process, a server or a
  // migration must not fail on Jest's default 5 s. Suites that need more set their own.
  testTimeout: 30_000,
  // Tests reach the local broker as their own least-privileged Kafka user.
  setupFiles: [path.join(__dirname, 'libs/testing/src/setup/kafka-test-user.ts')],
  testMatch: outageSuites === 'only' ? BROKER_OUTAGE_SUITES.map((suite) => path.join(__dirname, suite)) : testMatch,
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(outageSuites === 'skip' ? BROKER_OUTAGE_SUITES.map(outageSuitePattern) : []),
  ],
  passWithNoTests: outageSuites === 'only',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
    // jose and @platformatic/kafka ship ES modules only; Node's own require loads them, Jest's module
    // system needs them as CommonJS.
    '/node_modules/(jose|@platformatic)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@platformatic)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageReporters: ['text-summary', 'html'],
};
