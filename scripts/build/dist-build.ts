/**
 * Compiles a program — its entry points and every workspace file they reach — into plain CommonJS
 * that `node` runs with the production dependencies alone: no TypeScript, no @swc-node at runtime.
 *
 * - SWC, with the options @swc-node/register and the tests run the sources with (decorator metadata
 *   kept, which NestJS, TypeORM and class-validator read; class names kept); `@rebound/*` path
 *   aliases become relative requires.
 * - The workspace layout is kept under the output folder (`<out>/services/x/src/main.js`,
 *   `<out>/libs/...`), so files found relative to `__dirname` (proto/, a service's policy/) are
 *   where they were once copied as assets.
 * - A require of a package that is not in package.json `dependencies` fails the build: the images
 *   install only those, and the process would fail on that require in production.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

export interface DistPlan {
  readonly workspaceRoot: string;
  /** The folder the program is written to, relative to the workspace: a folder inside `dist/`. */
  readonly outDir: string;
  /** Entry points, relative to the workspace: a process's main file, a data source the migrate CLI loads. */
  readonly entries: readonly string[];
  /** Files or folders, relative to the workspace, copied to the same place under `outDir`. */
  readonly assets?: readonly string[];
}

export interface DistResult {
  readonly modules: number;
  readonly assets: number;
  /** The production dependencies the program requires, sorted. */
  readonly packages: readonly string[];
}

export class DistBuildError extends Error {
  override readonly name = 'DistBuildError';
}

interface TsConfig {
  compilerOptions: {
    target?: string;
    baseUrl?: string;
    paths?: Record<string, string[]>;
    experimentalDecorators?: boolean;
    emitDecoratorMetadata?: boolean;
    useDefineForClassFields?: boolean;
  };
}

/** Writes `plan.outDir` afresh (what was there is removed first) and says what went in. */
export function buildDist(plan: DistPlan): DistResult {
  const root = resolve(plan.workspaceRoot);
  const outDir = resolve(root, plan.outDir);
  if (!relative(root, outDir).startsWith(`dist${sep}`)) {
    throw new DistBuildError(`the output folder must be a folder inside dist/, got "${plan.outDir}"`);
  }
  if (plan.entries.length === 0) throw new DistBuildError('no entry point given');
  const options = swcOptions(root);
  const production = productionDependencies(root);

  rmSync(outDir, { recursive: true, force: true });
  const pending = plan.entries.map((entry) => {
    const file = resolve(root, entry);
    if (!file.endsWith('.ts') || !existsSync(file)) {
      throw new DistBuildError(`entry point ${entry} is not a .ts file of the workspace`);
    }
    return file;
  });
  const compiled = new Set<string>();
  const packages = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (compiled.has(file)) continue;
    compiled.add(file);
    const source = relative(root, file);
    const output = transformFileSync(file, { ...options, sourceFileName: basename(file) });
    for (const required of requiredSpecifiers(output.code)) {
      if (required.startsWith('.')) {
        pending.push(workspaceModule(root, file, required));
      } else if (!isBuiltin(required)) {
        const name = packageName(required);
        if (!production.has(name)) {
          throw new DistBuildError(
            `${source} requires "${required}", and ${name} is not in package.json "dependencies": ` +
              'the images install only those (move it there, or keep the require out of production code)',
          );
        }
        packages.add(name);
      }
    }
    const target = join(outDir, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${output.code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    writeFileSync(`${target}.map`, output.map ?? '');
  }

  for (const asset of plan.assets ?? []) {
    const from = resolve(root, asset);
    if (!existsSync(from)) throw new DistBuildError(`asset ${asset} does not exist`);
    cpSync(from, join(outDir, relative(root, from)), { recursive: statSync(from).isDirectory() });
  }
  return { modules: compiled.size, assets: plan.assets?.length ?? 0, packages: [...packages].sort() };
}

/** The compiler settings of tsconfig.base.json, as @swc-node/register derives them. */
function swcOptions(root: string): Options {
  const { compilerOptions: ts } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as TsConfig;
  const baseUrl = resolve(root, ts.baseUrl ?? '.');
  return {
    swcrc: false,
    jsc: {
      target: (ts.target?.toLowerCase() ?? 'es2022') as NonNullable<Options['jsc']>['target'],
      parser: { syntax: 'typescript', decorators: Boolean(ts.experimentalDecorators) },
      transform: {
        legacyDecorator: Boolean(ts.experimentalDecorators),
        decoratorMetadata: Boolean(ts.emitDecoratorMetadata),
        useDefineForClassFields: Boolean(ts.useDefineForClassFields),
      },
      keepClassNames: true,
      baseUrl,
      paths: Object.fromEntries(
        Object.entries(ts.paths ?? {}).map(([alias, targets]) => [
          alias,
          targets.map((path) => resolve(baseUrl, path)),
        ]),
      ),
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  };
}

function productionDependencies(root: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return new Set(Object.keys(manifest.dependencies ?? {}));
}

/** The string literals compiled code passes to `require` (imports, re-exports and dynamic imports all become one). */
function requiredSpecifiers(code: string): string[] {
  return [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
}

function workspaceModule(root: string, from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
  if (!found || relative(root, found).startsWith('..') || found.includes(`${sep}node_modules${sep}`)) {
    throw new DistBuildError(
      `${relative(root, from)} requires "${specifier}", which is no .ts file (nor folder with index.ts) of the workspace`,
    );
  }
  return found;
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
