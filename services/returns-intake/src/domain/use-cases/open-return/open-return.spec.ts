import type { Actor } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { OpenReturn } from './open-return';
import { OpenReturnCommand, type OpenReturnInput } from './open-return.command';

const storefront: Actor = { subject: 'storefront', clientId: 'storefront' };

function command(overrides: Partial<OpenReturnInput> = {}): OpenReturnCommand {
  return new OpenReturnCommand({
    orderId: 'order-1',
    lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'wrong_size' }],
    method: 'mail_back',
    requestHash: 'hash-1',
    openedBy: storefront,
    ...overrides,
  });
}

async function world(): Promise<{ intake: InMemoryIntake; open: OpenReturn }> {
  const intake = await (await new InMemoryIntake().withDemoPolicy()).withPartnerInGermany();
  await intake.withOrder();
  return { intake, open: new OpenReturn(intake.clock) };
}

describe('OpenReturn', () => {
  it('approves a return the policy accepts, stores it with its decision and announces it', async () => {
    const { intake, open } = await world();
    const opened = await open.execute(intake.tx, command());
    expect(opened.replayed).toBe(false);
    expect((await intake.returns.find(opened.returnId))?.status).toBe('approved');
    expect(await intake.returns.decisions(opened.returnId)).toEqual([
      expect.objectContaining({ outcome: 'approved', decidedBy: 'policy' }),
    ]);
    expect(intake.events.types).toEqual(['ReturnRequested', 'ReturnApproved']);
    expect((await intake.returns.timeline(opened.returnId)).map((entry) => entry.statusAfter)).toEqual([
      'requested',
      'approved',
    ]);
  });

  it('answers a retry with the same idempotency key with the first return, and opens nothing more', async () => {
    const { intake, open } = await world();
    const first = await open.execute(intake.tx, command({ idempotencyKey: 'key-1' }));
    const retry = await open.execute(intake.tx, command({ idempotencyKey: 'key-1' }));
    expect(retry).toEqual({ returnId: first.returnId, replayed: true });
    expect(intake.returns.rows.size).toBe(1);
  });

  it('refuses an idempotency key reused with another body', async () => {
    const { intake, open } = await world();
    await open.execute(intake.tx, command({ idempotencyKey: 'key-1' }));
    await expect(
      open.execute(intake.tx, command({ idempotencyKey: 'key-1', requestHash: 'hash-2' })),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'idempotency-key-reused' });
  });

  it('refuses more units than the order has left, naming the line', async () => {
    const { intake, open } = await world();
    await open.execute(intake.tx, command({ lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }));
    const refusal = open.execute(intake.tx, command());
    await expect(refusal).rejects.toMatchObject({ kind: 'unprocessable', code: 'return-not-acceptable' });
    expect(intake.returns.rows.size).toBe(1);
  });

  it('refuses an order it does not know, and an order of another customer for a customer', async () => {
    const { intake, open } = await world();
    await expect(open.execute(intake.tx, command({ orderId: 'order-x' }))).rejects.toMatchObject({
      code: 'unknown-order',
    });
    await expect(open.execute(intake.tx, command({ customerId: 'customer-2' }))).rejects.toMatchObject({
      code: 'unknown-order',
    });
  });

  it('refuses a method no partner offers where the order ships', async () => {
    const { intake, open } = await world();
    await intake.withPartnerInGermany({ capabilities: ['carrier_pickup'] });
    await expect(open.execute(intake.tx, command())).rejects.toMatchObject({ code: 'method-not-served' });
  });

  it('cannot be commanded without lines or with a fraction of a unit', () => {
    const build = () => command({ lines: [] });
    expect(build).toThrow(DomainError);
    expect(() => command({ lines: [{ lineId: 'shirt', quantity: 0.5, reasonCode: 'wrong_size' }] })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'lines[0].quantity' })] }),
    );
  });
});
