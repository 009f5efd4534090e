import nx from '@nx/eslint-plugin';

// Which project may import which: a service never imports another service, a library never imports a
// service, and every scope sees only itself and `shared`. `type:testing` code is for tests only.
const scopes = ['returns', 'pickups', 'qc', 'inventory', 'refunds'];
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
    // Production code never reaches for test infrastructure.
    files: ['**/src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**', 'libs/testing/**'],
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
];
