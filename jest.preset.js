// Shared Jest settings: SWC transpiles TypeScript (type checking is the `typecheck` target's job),
// keeping the decorator metadata that NestJS, TypeORM and class-validator read at runtime.
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  // Every test's name in the output, so a CI log shows what ran.
  verbose: true,
  // Tests reach the local broker as their own least-privileged Kafka user.
  setupFiles: [require('node:path').join(__dirname, 'libs/testing/src/setup/kafka-test-user.ts')],
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
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
