/** buildDist on a small workspace of its own: what it writes, and what it refuses. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DistBuildError, buildDist } from './dist-build';

describe('buildDist', () => {
  let root: string;

  function write(files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rebound-dist-'));
    write({
      'package.json': JSON.stringify({ dependencies: { 'reflect-metadata': '*' }, devDependencies: { jest: '*' } }),
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: {
          target: 'es2023',
          baseUrl: '.',
          paths: { '@demo/greeting': ['libs/greeting/src/index.ts'] },
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          useDefineForClassFields: false,
        },
      }),
      'libs/greeting/src/index.ts': 'export const greeting = (name: string): string => `hello ${name}`;\n',
      'libs/greeting/src/unused.ts': 'export const unused = 1;\n',
      'apps/hello/src/main.ts': [
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'node:path';",
        "import { greeting } from '@demo/greeting';",
        'const tagged = (): PropertyDecorator => () => undefined;',
        'export class Named { @tagged() name!: string; }',
        "const type = Reflect.getMetadata === undefined ? 'no reflect' : 'reflect';",
        "const word = readFileSync(join(__dirname, '../words/name.txt'), 'utf8').trim();",
        'console.log(`${greeting(word)} ${type}`);',
      ].join('\n'),
      'apps/hello/words/name.txt': 'world\n',
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('compiles what the entry reaches, aliases made relative, into the workspace layout with its assets', () => {
    const result = buildDist({
      workspaceRoot: root,
      outDir: 'dist/hello',
      entries: ['apps/hello/src/main.ts'],
      assets: ['apps/hello/words'],
    });

    expect(result).toEqual({ modules: 2, assets: 1, packages: [] });
    const main = readFileSync(join(root, 'dist/hello/apps/hello/src/main.js'), 'utf8');
    expect(main).toContain('require("../../../libs/greeting/src")');
    expect(main).toContain('"design:type", String');
    expect(existsSync(join(root, 'dist/hello/libs/greeting/src/unused.js'))).toBe(false);
    expect(
      execFileSync(process.execPath, [join(root, 'dist/hello/apps/hello/src/main.js')], { encoding: 'utf8' }),
    ).toBe('hello world no reflect\n');
  });

  it('refuses a package that is not a production dependency, naming the file that requires it', () => {
    write({ 'apps/hello/src/main.ts': "import { expect } from 'jest';\nconsole.log(expect);\n" });

    expect(() => buildDist({ workspaceRoot: root, outDir: 'dist/hello', entries: ['apps/hello/src/main.ts'] })).toThrow(
      new DistBuildError(
        'apps/hello/src/main.ts requires "jest", and jest is not in package.json "dependencies": the images install ' +
          'only those (move it there, or keep the require out of production code)',
      ),
    );
  });

  it('writes only into a folder inside dist/, which it empties first', () => {
    write({ 'dist/hello/stale.js': 'old' });
    buildDist({ workspaceRoot: root, outDir: 'dist/hello', entries: ['libs/greeting/src/index.ts'] });

    expect(existsSync(join(root, 'dist/hello/stale.js'))).toBe(false);
    for (const outDir of ['dist', 'apps/hello', '../elsewhere']) {
      expect(() => buildDist({ workspaceRoot: root, outDir, entries: ['apps/hello/src/main.ts'] })).toThrow(
        'must be a folder inside dist/',
      );
    }
  });
});
