/**
 * The platform's supervision with real child processes (a cheap fixture, not the services): a process
 * killed with SIGKILL is started again and is ready while its neighbour runs on untouched; one that
 * keeps crashing is retried with a doubling, capped back-off until it is stopped; one that never gets
 * ready fails the start and is not restarted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@rebound/testing';
import { ProcessSpec } from '../managed-process';
import { ReadinessCheck, RestartPolicy, SupervisedProcess } from '../supervised-process';

jest.setTimeout(60_000);

const FIXTURE = 'scripts/platform/test/supervised-child.fixture.ts';
const FAST: RestartPolicy = { initialDelayMs: 200, maxDelayMs: 800, resetAfterMs: 60_000, readyTimeoutMs: 20_000 };
const saysReady: ReadinessCheck = (child, timeoutMs) => child.waitForLine(/^ready as pid/, timeoutMs);

const logDir = mkdtempSync(join(tmpdir(), 'rebound-supervision-'));
const started: SupervisedProcess[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => child.stop(2_000)));
});

afterAll(() => rmSync(logDir, { recursive: true, force: true }));

function supervise(name: string, env: ProcessSpec['env'] = {}) {
  const incidents: string[] = [];
  const child = new SupervisedProcess(
    { name, entry: FIXTURE, env },
    logDir,
    saysReady,
    (line) => incidents.push(line),
    FAST,
  );
  started.push(child);
  return { child, incidents };
}

it('restarts a process killed with SIGKILL and reports it ready again, while its neighbour keeps running', async () => {
  const victim = supervise('victim');
  const neighbour = supervise('neighbour');
  await Promise.all([victim.child.start(20_000), neighbour.child.start(20_000)]);
  const [victimPid, neighbourPid] = [victim.child.pid, neighbour.child.pid];

  victim.child.kill('SIGKILL');
  expect(victim.child.ready).toBe(false);
  await victim.child.waitUntilReady(20_000);

  expect(victim.child).toMatchObject({ ready: true, restarts: 1, lastExit: { code: null, signal: 'SIGKILL' } });
  expect(victim.child.pid).toEqual(expect.any(Number));
  expect(victim.child.pid).not.toBe(victimPid);
  expect(neighbour.child).toMatchObject({ ready: true, restarts: 0, pid: neighbourPid });
  expect(() => process.kill(neighbourPid as number, 0)).not.toThrow();
  expect(victim.incidents).toEqual([
    expect.stringMatching(/^victim exited \(killed by SIGKILL\) after [\d.]+ s in service; restart 1 in 0\.2 s\. /),
    expect.stringMatching(/^victim is back in service \(restart 1, pid \d+, ready after [\d.]+ s\)$/),
  ]);
  expect(neighbour.incidents).toEqual([]);
});

it('retries a process that keeps crashing with a back-off that doubles up to the cap, until it is stopped', async () => {
  const { child, incidents } = supervise('crasher', { EXIT_AFTER_MS: '100' });
  await child.start(20_000);

  const exits = await waitUntil(
    'four crashes',
    () => {
      const seen = incidents.filter((line) => line.startsWith('crasher exited'));
      return seen.length >= 4 && seen;
    },
    { timeoutMs: 40_000 },
  );
  expect(exits.slice(0, 4).map((line) => /restart (\d+) in ([\d.]+ s)/.exec(line)?.slice(1))).toEqual([
    ['1', '0.2 s'],
    ['2', '0.4 s'],
    ['3', '0.8 s'],
    ['4', '0.8 s'],
  ]);
  expect(exits[0]).toMatch(/^crasher exited \(exit code 3\) after [\d.]+ s in service; restart 1 in 0\.2 s\. /);
  expect(exits[0]).toContain('crashing on purpose');
  expect(exits[3]).toContain('4 exits in a row without 60 s up, retrying every 0.8 s until it stays up');

  await child.stop(2_000);
  const restarts = child.restarts;
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(child.restarts).toBe(restarts);
  expect(child.pid).toBeUndefined();
  await expect(child.waitUntilReady(100)).rejects.toThrow('crasher is stopped');
});

it('fails the start of a process that exits before it is ready, with its last lines, and does not restart it', async () => {
  const { child, incidents } = supervise('broken', { NEVER_READY: '1' });

  await expect(child.start(20_000)).rejects.toThrow(
    /broken exited \(exit code 4\) before a line matching .*\ncannot start: the fixture was told never to be ready/,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(child.restarts).toBe(0);
  expect(incidents).toEqual([]);
});
