import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { parsePolicyDocument } from '../../policy/policy-document';
import demoPolicy from '../../../../policy/default-policy.json';
import { LoadPolicyFile } from './load-policy-file';

const document = parsePolicyDocument(demoPolicy);

describe('LoadPolicyFile', () => {
  it('makes the file a new version only when it changed since it was last loaded', async () => {
    const intake = new InMemoryIntake();
    const load = new LoadPolicyFile();
    expect(await load.execute(intake.tx, document)).toMatchObject({ created: true, record: { version: 1 } });
    expect(await load.execute(intake.tx, document)).toMatchObject({ created: false, record: { version: 1 } });
    const changed = parsePolicyDocument({ ...demoPolicy, returnWindowDays: 60 });
    expect(await load.execute(intake.tx, changed)).toMatchObject({ created: true, record: { version: 2 } });
  });

  it('leaves a version set through the API current when the file did not change', async () => {
    const intake = new InMemoryIntake();
    const load = new LoadPolicyFile();
    await load.execute(intake.tx, document);
    await intake.policies.append({
      document,
      checksum: 'api',
      source: 'api',
      createdBy: 'agent',
      createdByClient: 'backoffice',
      note: null,
    });
    await load.execute(intake.tx, document);
    expect((await intake.policies.latest())?.source).toBe('api');
  });
});
