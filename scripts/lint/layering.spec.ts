// `npm run lint` refuses code that breaks a service's layers (docs/architecture.md): the fixtures
// here break them on purpose and are linted as if they lived inside a layered service.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

// ESLint runs as `npm run lint` runs it, in its own process (the config is an ES module).
function restrictedImports(code: string, path: string): string[] {
  const eslint = require.resolve('eslint/bin/eslint.js');
  const file = join('services', 'example', 'src', path);
  let output: string;
  try {
    output = execFileSync(process.execPath, [eslint, '--format', 'json', '--stdin', '--stdin-filename', file], {
      cwd: root,
      input: code,
      encoding: 'utf8',
    });
  } catch (error) {
    // ESLint exits with 1 when it found problems, its report still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  // The Nx plugin may print a warning before the report.
  const [result] = JSON.parse(output.slice(output.indexOf('[{'))) as {
    messages: { ruleId: string; message: string }[];
  }[];
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layering', () => {
  it('refuses a domain module that imports NestJS, TypeORM or its service’s persistence', () => {
    const problems = restrictedImports(fixture('domain-reaches-for-the-database.ts'), 'domain/shortcut.ts');
    expect(problems).toEqual([
      expect.stringContaining('keep this layer free of NestJS'),
      expect.stringContaining('reach the database only through a port'),
      expect.stringContaining('the domain depends on nothing of its service but itself'),
    ]);
  });

  it('refuses an API class or a message handler that builds a store', () => {
    for (const path of ['api/shortcut-api.service.ts', 'messaging/shortcut.handler.ts']) {
      const problems = restrictedImports(fixture('edge-builds-a-store.ts'), path);
      expect(problems).toEqual([
        expect.stringContaining('reach the database only through a port'),
        expect.stringContaining('an edge calls a use case or a port, never a store'),
      ]);
    }
  });

  it('lets persistence implement the domain’s ports', () => {
    const code = "import type { Clock } from '../domain/ports';\nexport const clockOf = (clock: Clock) => clock;\n";
    expect(restrictedImports(code, 'persistence/clock.ts')).toEqual([]);
  });
});
