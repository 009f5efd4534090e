import { LOCAL_KAFKA_TOOLS, localKafkaEnv } from '@rebound/kafka';
/**
 * The chaos run's short variant, on the local stack: every kind of return twice, and while they flow
 * two services killed with SIGKILL, events delivered again and poison on every consumed topic; then
 * every invariant must hold. The full run (`npx nx run scripts:chaos`, every fault) is in
 * docs/reliability.md with its figures.
 */
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { ChaosReport, formatChaosReport, runChaos } from './chaos-run';
import { FAULTS } from './faults';
import { RETURN_KINDS } from './return-mix';

// The platform's start takes up to 3 minutes on a loaded 2-core machine, the returns and faults 4 more.
jest.setTimeout(600_000);

// One of each kind of fault (a crash, a replay, poison); the full run (`npx nx run scripts:chaos`) has them all.
const SHORT_FAULTS = ['kill -9 refunds', 'duplicate replay', 'poison'];

describe('a short chaos run', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    // The run connects as its own user, allowed only its `chaos-` namespaces, as it does from the command line.
    Object.assign(process.env, localKafkaEnv(LOCAL_KAFKA_TOOLS.chaos.user));
    report = await runChaos(
      {
        returns: RETURN_KINDS.length,
        faults: FAULTS.filter((fault) => SHORT_FAULTS.includes(fault.name)),
        openPerSecond: 2,
        faultGapMs: 1_000,
        settleTimeoutMs: 240_000,
        logDir: join(WORKSPACE_ROOT, '.rebound/chaos/logs', `ci-${Date.now()}`),
        keep: false,
      },
      () => undefined,
    );
  });

  it('recovers from every fault it injected', () => {
    expect(report.faults.map((fault) => [fault.name, fault.recoveredInSeconds !== null])).toEqual(
      FAULTS.filter((fault) => SHORT_FAULTS.includes(fault.name)).map((fault) => [fault.name, true]),
    );
    expect(report.restarts).toMatchObject({ refunds: 1 });
  });

  it('ends every return as its kind says, loses no event, applies none twice, and money and stock add up', () => {
    expect({ violations: report.violations, table: formatChaosReport(report) }).toEqual({
      violations: [],
      table: expect.any(String),
    });
    expect(report.returns.driven).toBe(RETURN_KINDS.length);
    expect(report.invariants.deadLetters.entries.length).toBeGreaterThan(0);
  });
});
