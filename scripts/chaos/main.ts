/**
 * The chaos run (docs/reliability.md): the whole platform as processes, a stream of returns of every
 * kind, each fault injected in turn while they flow, then the invariants counted. Prints the faults
 * with the time to recover from each and the invariants as a table, writes both as JSON, and exits
 * 1 when an invariant is broken. Needs the local stack (`scripts/stack up`); starts and stops
 * everything else itself, under a topic namespace and database schemas it removes at the end.
 *   npx nx run scripts:chaos [--returns 300] [--fault <name> ...] [--open-rate 3] [--gap 10]
 *                            [--settle 600] [--out file.json] [--keep] [--list-faults]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { ChaosOptions, formatChaosReport, runChaos } from './chaos-run';
import { FAULTS } from './faults';

const LOG_DIR = join(WORKSPACE_ROOT, '.rebound/chaos/logs');

function chaosOptions(argv: string[]): ChaosOptions & { readonly out: string; readonly list: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      returns: { type: 'string', default: '300' },
      fault: { type: 'string', multiple: true, default: [] },
      'open-rate': { type: 'string', default: '3' },
      gap: { type: 'string', default: '10' },
      settle: { type: 'string', default: '600' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'list-faults': { type: 'boolean', default: false },
    },
  });
  const number = (name: string, raw: string, min: number, max: number, whole = true) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < min || value > max) {
      throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const unknown = values.fault.filter((name) => !FAULTS.some((fault) => fault.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `no fault ${unknown.map((name) => `"${name}"`).join(', ')}; --list-faults shows them: ${FAULTS.map((fault) => fault.name).join(', ')}`,
    );
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    returns: number('returns', values.returns, 9, 10_000),
    faults: values.fault.length === 0 ? FAULTS : FAULTS.filter((fault) => values.fault.includes(fault.name)),
    openPerSecond: number('open-rate', values['open-rate'], 0.1, 100, false),
    faultGapMs: number('gap', values.gap, 0, 600) * 1000,
    settleTimeoutMs: number('settle', values.settle, 10, 7200) * 1000,
    logDir: join(LOG_DIR, stamp),
    keep: values.keep,
    out: values.out ?? join(WORKSPACE_ROOT, '.rebound/chaos', `chaos-${stamp}.json`),
    list: values['list-faults'],
  };
}

async function main(): Promise<void> {
  const options = chaosOptions(process.argv.slice(2));
  if (options.list) {
    for (const fault of FAULTS) console.log(`${fault.name.padEnd(20)}  ${fault.exercises}`);
    return;
  }
  console.log(
    `▶ chaos run: ${options.returns} returns, ${options.faults.length} faults (${options.faults
      .map((fault) => fault.name)
      .join(', ')})`,
  );
  const report = await runChaos(options, (line) => console.log(line));
  console.log(`\n${formatChaosReport(report)}`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nJSON: ${options.out}`);
  if (report.violations.length > 0) {
    console.log(`\n✗ ${report.violations.length} invariant(s) broken`);
    process.exitCode = 1;
  } else {
    console.log('\n✓ every invariant holds');
  }
}

main().catch((error: Error) => {
  console.error(`\n✗ ${error.message}`);
  process.exit(1);
});
