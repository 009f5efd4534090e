/**
 * The `build` target of every runnable project (see dist-build.ts):
 *   build-dist --out dist/services/inventory --asset proto/inventory services/inventory/src/main.ts [...]
 * Exits 2 on bad options, 1 when the program cannot be built.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DistBuildError, buildDist } from './dist-build';

const USAGE = 'usage: build-dist --out <dist/...> [--asset <file or folder>]... <entry.ts>...';

function main(argv: string[]): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (!values.out || positionals.length === 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const started = Date.now();
  try {
    const result = buildDist({
      workspaceRoot: resolve(__dirname, '../..'),
      outDir: values.out,
      entries: positionals,
      assets: values.asset ?? [],
    });
    console.log(
      `    ✓ ${values.out}: ${result.modules} modules, ${result.assets} assets, in ${Date.now() - started} ms; ` +
        `needs ${result.packages.join(', ')}`,
    );
  } catch (error) {
    if (!(error instanceof DistBuildError)) throw error;
    console.error(`    ✗ building ${values.out} failed: ${error.message}`);
    process.exit(1);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, asset: { type: 'string', multiple: true } },
  });
}

main(process.argv.slice(2));
