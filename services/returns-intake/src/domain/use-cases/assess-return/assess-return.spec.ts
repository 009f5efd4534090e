import { DomainError } from '@rebound/kernel';
import { InMemoryIntake, storedReturn } from '../../../../test/fakes/in-memory-intake';
import { AssessReturn } from './assess-return';
import { ProposedReturn } from './assess-return.command';

const shirt = { lineId: 'shirt', quantity: 1, reasonCode: 'wrong_size' };

async function world(): Promise<InMemoryIntake> {
  const intake = await (await new InMemoryIntake().withDemoPolicy()).withPartnerInGermany();
  await intake.withOrder();
  return intake;
}

describe('AssessReturn (preview)', () => {
  it('quotes what the policy would decide and changes nothing', async () => {
    const intake = await world();
    const assessment = await new AssessReturn(intake.clock).execute(
      intake.tx,
      new ProposedReturn({ orderId: 'order-1', lines: [shirt], method: 'mail_back' }),
    );
    expect(assessment).toMatchObject({ outcome: 'approved', policyVersion: 1 });
    expect(intake.returns.rows.size).toBe(0);
    expect(intake.events.published).toEqual([]);
  });

  it('counts units already held by open returns, but not by abandoned ones', async () => {
    const intake = await world();
    await storedReturn(intake, 'approved');
    await storedReturn(intake, 'cancelled');
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [{ ...shirt, quantity: 2 }] });
    const assessment = await new AssessReturn(intake.clock).execute(intake.tx, proposal);
    expect(assessment.outcome).toBe('invalid');
  });

  it('is unavailable before any policy was loaded', async () => {
    const intake = new InMemoryIntake();
    await intake.withOrder();
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [shirt] });
    await expect(new AssessReturn(intake.clock).execute(intake.tx, proposal)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'no-policy',
    });
  });

  it('refuses a refund to the original payment for lines no known charge paid', async () => {
    const intake = await world();
    await intake.withOrder({ payments: [] });
    const proposal = new ProposedReturn({ orderId: 'order-1', lines: [shirt] });
    await expect(new AssessReturn(intake.clock).execute(intake.tx, proposal)).rejects.toMatchObject({
      code: 'original-payment-unavailable',
    });
  });

  it('cannot be proposed without lines', () => {
    expect(() => new ProposedReturn({ orderId: 'order-1', lines: [] })).toThrow(DomainError);
  });
});
