import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { ShowPolicy } from './show-policy';

describe('ShowPolicy', () => {
  it('shows the current version, or the one asked for', async () => {
    const intake = await (await new InMemoryIntake().withDemoPolicy()).withDemoPolicy();
    expect((await new ShowPolicy().execute(intake.tx, {})).version).toBe(2);
    expect((await new ShowPolicy().execute(intake.tx, { version: 1 })).version).toBe(1);
  });

  it('is unavailable before a policy was loaded, and does not know versions never stored', async () => {
    const intake = new InMemoryIntake();
    await expect(new ShowPolicy().execute(intake.tx, {})).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'no-policy',
    });
    await expect(new ShowPolicy().execute(intake.tx, { version: 9 })).rejects.toMatchObject({
      kind: 'not-found',
      code: 'policy-version-not-found',
    });
  });
});
