import type { Actor } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { InMemoryIntake, storedReturn } from '../../../../test/fakes/in-memory-intake';
import { CancelReturn } from './cancel-return';
import { CancelReturnCommand } from './cancel-return.command';

const customer: Actor = { subject: 'customer-1', clientId: 'storefront' };

describe('CancelReturn', () => {
  it('cancels an approved return and announces who cancelled it and why', async () => {
    const intake = new InMemoryIntake();
    const request = await storedReturn(intake, 'approved');
    const command = new CancelReturnCommand({ returnId: request.returnId, cancelledBy: customer, reason: 'kept it' });
    await new CancelReturn(intake.clock).execute(intake.tx, command);
    expect((await intake.returns.find(request.returnId))?.status).toBe('cancelled');
    expect(intake.events.types).toEqual(['ReturnCancelled']);
    expect((await intake.returns.timeline(request.returnId))[0]).toMatchObject({ actor: customer });
  });

  it('refuses once the parcel is on its way', async () => {
    const intake = new InMemoryIntake();
    const request = await storedReturn(intake, 'in_transit');
    const command = new CancelReturnCommand({ returnId: request.returnId, cancelledBy: customer });
    await expect(new CancelReturn(intake.clock).execute(intake.tx, command)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'not-cancellable',
    });
    expect(intake.events.published).toEqual([]);
  });

  it("treats another customer's return as one that does not exist", async () => {
    const intake = new InMemoryIntake();
    const request = await storedReturn(intake, 'approved');
    const command = new CancelReturnCommand({
      returnId: request.returnId,
      cancelledBy: { subject: 'customer-2', clientId: 'storefront' },
      customerId: 'customer-2',
    });
    await expect(new CancelReturn(intake.clock).execute(intake.tx, command)).rejects.toMatchObject({
      kind: 'not-found',
      code: 'return-not-found',
    });
  });

  it('cannot be commanded with a blank reason', () => {
    expect(() => new CancelReturnCommand({ returnId: 'r', cancelledBy: customer, reason: '  ' })).toThrow(DomainError);
  });
});
