/**
 * A database from before the policy had pickup terms (`logistics`): after the upgrade the service
 * still starts, serves the stored policy version, and approves a return held for review under it.
 */
import { Topics } from '@rebound/contracts';
import { AddPolicyLogistics1795739468425 } from '../src/persistence/migrations/1795739468425-AddPolicyLogistics';
import { useIntakeWorld } from './support/intake-world';
import { rollBackMigration } from './support/roll-back';
import { deliveredOrder, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

describe('upgrading to a policy with pickup terms', () => {
  const world = useIntakeWorld('intake-upgrade');

  it('keeps serving a policy version stored without them, and approves a return held under it with the default terms', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const evidence = { comment: 'Colour is off', photoUrls: ['https://img.example/shirt.jpg'] };
    const held = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'not_as_described', ...evidence }] }),
    );
    expect(held.body.status).toBe('pending_review');

    await world().restart(async () => {
      await rollBackMigration(world().schema, AddPolicyLogistics1795739468425);
      const withTerms = await world().schema.query(
        `SELECT (SELECT count(*) FROM policy_versions WHERE document ? 'logistics')
              + (SELECT count(*) FROM return_decisions WHERE assessment ? 'logistics') AS count`,
      );
      expect(Number(withTerms[0]['count'])).toBe(0);
    });

    const policy = (await world().http('GET', '/v1/policy')).body;
    expect(policy.version).toBe(1);
    expect(policy.document.logistics).toEqual({ maxPickupAttempts: 3, labelValidityDays: 14 });

    const approved = await world().http('POST', `/v1/returns/${held.body.returnId}/approve`, {
      note: 'Photos show the wrong colour',
    });
    expect(approved.status).toBe(200);
    const approvals = () =>
      world()
        .published.on(world().physical(Topics.returnsReturn.name))
        .filter((message) => message.key === held.body.returnId && message.headers['ce_type'] === 'ReturnApproved');
    await world().published.waitFor('the agent approval', () => approvals().length === 1);
    expect(JSON.parse(approvals()[0].value!)).toMatchObject({
      policyVersion: 1,
      maxPickupAttempts: 3,
      labelValidityDays: 14,
    });
  });
});
