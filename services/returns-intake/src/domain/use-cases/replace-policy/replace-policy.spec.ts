import type { Actor } from '@rebound/contracts';
import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import demoPolicy from '../../../../policy/default-policy.json';
import { ReplacePolicy } from './replace-policy';
import { ReplacePolicyCommand } from './replace-policy.command';

const admin: Actor = { subject: 'admin-1', clientId: 'backoffice' };

describe('ReplacePolicy', () => {
  it('stores the policy as the next version, with who changed it and why', async () => {
    const intake = await new InMemoryIntake().withDemoPolicy();
    const record = await new ReplacePolicy().execute(
      intake.tx,
      new ReplacePolicyCommand({ ...demoPolicy, returnWindowDays: 45 }, admin, 'longer window for the holidays'),
    );
    expect(record).toMatchObject({
      version: 2,
      source: 'api',
      createdBy: 'admin-1',
      createdByClient: 'backoffice',
      note: 'longer window for the holidays',
    });
    expect((await intake.policies.current())?.version).toBe(2);
  });

  it('cannot be commanded with an invalid policy, and names every problem under policy', () => {
    let refusal: unknown;
    try {
      new ReplacePolicyCommand({ ...demoPolicy, returnWindowDays: -1, currency: 'euro' }, admin, null);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ kind: 'invalid', code: 'invalid-policy' });
    const fields = (refusal as { problems: { field: string }[] }).problems.map((problem) => problem.field);
    expect(fields.length).toBeGreaterThanOrEqual(2);
    expect(fields.every((field) => field.startsWith('policy.'))).toBe(true);
  });
});
