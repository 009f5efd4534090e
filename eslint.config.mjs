import nx from '@nx/eslint-plugin';

// Which project may import which: a service never imports another service, a library never imports a
// service, and every scope sees only itself and `shared`. `type:testing` code is for tests only.
const scopes = ['returns', 'pickups', 'qc', 'inventory', 'refunds', 'notifications'];
const depConstraints = [
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  // Libraries' own tests may use the testing library; the rule below keeps it out of their src.
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
  // The scripts' own tests may use the testing library too; the rule below keeps it out of the scripts.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...scopes.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
  })),
];

const testInfrastructure = {
  group: ['@rebound/testing', '@rebound/*/testing'],
  message: 'test infrastructure is for tests only',
};
const nest = { group: ['@nestjs/*', '@rebound/*/nest'], message: 'keep this layer free of NestJS' };
const databaseAndBroker = {
  group: ['typeorm', 'typeorm/*', 'pg', 'kafkajs', '@rebound/persistence', '@rebound/persistence/*'],
  message: 'reach the database only through a port the persistence layer implements',
};
// A relative import of the service's own folder `name` (not a library of the same name).
const layer = (name, why) => ({ regex: `^\\.{1,2}/(.*/)?${name}(/|$)`, message: why });

// The layers of a service (docs/architecture.md): the domain is plain TypeScript; the edges (api,
// messaging) reach it through use cases and ports; persistence implements the ports.
const inLayer = (folder) => [`services/*/src/${folder}/**/*.ts`];
const layering = [
  {
    files: inLayer('domain'),
    ignores: ['**/*.spec.ts'],
    patterns: [
      nest,
      databaseAndBroker,
      {
        group: ['@rebound/messaging', '@rebound/messaging/*', '@rebound/http', '@rebound/http/*'],
        message: 'the domain knows no transport',
      },
      layer('(api|messaging|persistence|config)', 'the domain depends on nothing of its service but itself'),
      testInfrastructure,
    ],
  },
  {
    files: [...inLayer('api'), ...inLayer('messaging')],
    ignores: ['**/*.spec.ts'],
    patterns: [
      databaseAndBroker,
      layer('persistence', 'an edge calls a use case or a port, never a store'),
      testInfrastructure,
    ],
  },
  {
    files: inLayer('persistence'),
    ignores: ['**/*.spec.ts', '**/data-source.ts', '**/migrations/**'],
    patterns: [layer('(api|messaging)', 'persistence implements ports; it never calls an edge'), testInfrastructure],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '.rebound/**', '.nx/**'] },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Production code never reaches for test infrastructure. The validation benchmark times the
    // events the tests send, so it builds them with the tests' fixtures.
    files: ['**/src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**', 'libs/testing/**', 'scripts/bench/validation.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@rebound/testing'], message: 'test infrastructure is for tests only' }] },
      ],
    },
  },
  {
    // The shared vocabulary, persistence, the Kafka core and logging stay framework-free; Nest wiring
    // lives in libs/*/src/nest and in the services.
    files: [
      'libs/contracts/src/**/*.ts',
      'libs/observability/src/index.ts',
      'libs/observability/src/lib/**/*.ts',
      'libs/persistence/src/lib/**/*.ts',
      'libs/persistence/src/cli/**/*.ts',
      'libs/messaging/src/lib/**/*.ts',
      'services/*/src/domain/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', '@rebound/*/nest'], message: 'keep this layer free of NestJS' },
            { group: ['@rebound/testing'], message: 'test infrastructure is for tests only' },
          ],
        },
      ],
    },
  },
  {
    // Tests read values they have just asserted exist.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...layering.map(({ files, ignores, patterns }) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
];
