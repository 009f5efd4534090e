import { parsePolicyDocument } from '../../src/domain/policy/policy-document';
import demoPolicy from '../../policy/default-policy.json';
import { intakeDatabase, type IntakeDatabase } from '../support/intake-database';

const document = parsePolicyDocument(demoPolicy);

describe('PgPolicyStore', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_policy_store');
  }, 60_000);
  afterAll(() => db?.close());

  it('numbers versions one after another, even when appended concurrently, and reads each back', async () => {
    expect(await db.transactions.run((tx) => tx.policies.current())).toBeNull();
    const append = (source: 'file' | 'api', checksum: string) =>
      db.transactions.run((tx) =>
        tx.policies.append({ document, checksum, source, createdBy: 'agent', createdByClient: null, note: checksum }),
      );
    const records = await Promise.all([append('file', 'a'), append('api', 'b'), append('api', 'c')]);
    expect(records.map((record) => record.version).sort()).toEqual([1, 2, 3]);
    const current = await db.transactions.run((tx) => tx.policies.current());
    expect(current?.version).toBe(3);
    expect(await db.transactions.run((tx) => tx.policies.latest('file'))).toMatchObject({ version: 1, checksum: 'a' });
    expect(await db.transactions.run((tx) => tx.policies.version(2))).toMatchObject({ document });
    expect(await db.transactions.run((tx) => tx.policies.version(9))).toBeNull();
  });

  it('judges by the version current now, even after this process parsed an older one', async () => {
    const append = (returnShippingFeeMinor: number) =>
      db.transactions.run((tx) =>
        tx.policies.append({
          document: { ...document, fees: { returnShippingFeeMinor } },
          checksum: `fee-${returnShippingFeeMinor}`,
          source: 'api',
          createdBy: 'agent',
          createdByClient: null,
          note: null,
        }),
      );
    await append(100);
    expect((await db.transactions.run((tx) => tx.policies.current()))?.document.fees.returnShippingFeeMinor).toBe(100);
    const second = await append(200);
    const current = await db.transactions.run((tx) => tx.policies.current());
    expect(current?.version).toBe(second.version);
    expect(current?.document.fees.returnShippingFeeMinor).toBe(200);
    // A version rewritten in place (as a migration does) is read again too.
    await db.dataSource.query(
      `UPDATE policy_versions SET document = jsonb_set(document, '{fees,returnShippingFeeMinor}', '300') WHERE version = $1`,
      [second.version],
    );
    const rewritten = await db.transactions.run((tx) => tx.policies.current());
    expect(rewritten?.document.fees.returnShippingFeeMinor).toBe(300);
  });
});
