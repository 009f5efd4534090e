/**
 * LoadPolicyFile on real Postgres when two replicas start at the same moment with a changed policy
 * file: each must see the other's version, or the file becomes two versions of the same content.
 */
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { parsePolicyDocument } from '../src/domain/policy/policy-document';
import { LoadPolicyFile, type PolicyLoadResult } from '../src/domain/use-cases/load-policy-file/load-policy-file';
import { intakeTransaction } from '../src/persistence/intake-transactions';
import { ParsedPolicyCache } from '../src/persistence/pg-policy.store';
import demoPolicy from '../policy/default-policy.json';
import { intakeDatabase, type IntakeDatabase } from './support/intake-database';

jest.setTimeout(30_000);

describe('loading the policy file from two replicas at once', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_load_policy_race');
  }, 60_000);
  afterAll(() => db?.close());

  const outbox = new Outbox(`/rebound/${Services.returnsIntake.name}`);

  const policies = new ParsedPolicyCache();
  const loadPolicyFile = new LoadPolicyFile();

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('stores the file as one version when the second replica loads it before the first commits', async () => {
    const document = parsePolicyDocument(demoPolicy);
    let firstLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (firstLoaded = resolve));
    let commitFirst!: () => void;
    const committing = new Promise<void>((resolve) => (commitFirst = resolve));

    const first = db.dataSource.transaction(async (manager) => {
      const result = await loadPolicyFile.execute(intakeTransaction(manager, outbox, policies), document);
      firstLoaded();
      await committing;
      return result;
    });
    await loaded;
    let secondDone = false;
    let secondPid: number | undefined;
    const second = db.dataSource
      .transaction(async (manager): Promise<PolicyLoadResult> => {
        [{ pid: secondPid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        return loadPolicyFile.execute(intakeTransaction(manager, outbox, policies), document);
      })
      .finally(() => (secondDone = true));
    // The second replica either finished on its own or waits for the first one's transaction.
    await until(
      async () =>
        secondDone ||
        (secondPid !== undefined &&
          (await db.dataSource.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [secondPid])).length > 0),
    );
    commitFirst();
    const results = await Promise.all([first, second]);

    expect(results.map((result) => result.created)).toEqual([true, false]);
    expect(results[1].record.version).toBe(results[0].record.version);
    expect(await db.dataSource.query('SELECT version FROM policy_versions')).toEqual([
      { version: results[0].record.version },
    ]);
  });
});
