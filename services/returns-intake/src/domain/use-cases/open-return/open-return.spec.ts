import type { Actor } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { ReturnApproved } from '@rebound/contracts';
import { InMemoryIntake, SHIRT_PRODUCT } from '../../../../test/fakes/in-memory-intake';
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

  describe("with the customer's choices", () => {
    const exchange = (replacementSku: string) => ({ kind: 'exchange' as const, replacementSku });
    const shirt = (choices: Partial<OpenReturnInput['lines'][number]>) => ({
      lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'too_small', ...choices }],
    });
    const approval = (intake: InMemoryIntake) =>
      intake.events.published.find((event) => event.type === ReturnApproved.eventType)?.data as ReturnApproved;

    async function shop(): Promise<{ intake: InMemoryIntake; open: OpenReturn }> {
      const opened = await world();
      await opened.intake.withProduct(SHIRT_PRODUCT);
      return opened;
    }

    it('approves an offered exchange, carrying the replacement at its price, the next choice and no refund', async () => {
      const { intake, open } = await shop();
      await open.execute(
        intake.tx,
        command(
          shirt({
            reasonCode: 'wrong_size',
            resolution: exchange('SKU-SHIRT-L'),
            fallbacks: [exchange('SKU-SHIRT-S')],
          }),
        ),
      );
      const approved = approval(intake);
      expect(approved.lines[0].resolution).toEqual({
        kind: 'exchange',
        replacement: { sku: 'SKU-SHIRT-L', productId: 'oxford-shirt', quantity: 1, unitPriceMinor: 3499 },
      });
      expect(approved.lines[0].fallbacks).toEqual([
        {
          kind: 'exchange',
          replacement: { sku: 'SKU-SHIRT-S', productId: 'oxford-shirt', quantity: 1, unitPriceMinor: 2499 },
        },
      ]);
      expect(approved.instantExchange).toBeUndefined();
      // A dearer replacement refunds nothing; the shipping fee cannot make the quote negative.
    });

    it("quotes a cheaper replacement's surplus less the shipping fee, and ships a gold member's exchange at once", async () => {
      const { intake, open } = await shop();
      await intake.withOrder({ loyaltyTier: 'gold' });
      await open.execute(intake.tx, command(shirt({ reasonCode: 'wrong_size', resolution: exchange('SKU-SHIRT-S') })));
      const approved = approval(intake);
      expect(approved.instantExchange).toBe(true);
      // Gold members' fees are waived: the surplus is refunded whole.
      expect(approved.expectedRefundMinor).toBe(500);
    });

    it('refuses a replacement not offered, naming the field, and opens nothing', async () => {
      const { intake, open } = await shop();
      const tooDear = open.execute(intake.tx, command(shirt({ resolution: exchange('SKU-SHIRT-XL') })));
      await expect(tooDear).rejects.toMatchObject({
        kind: 'unprocessable',
        code: 'resolution-not-offered',
        problems: [expect.objectContaining({ field: 'lines[0].resolution.replacementSku' })],
      });
      const badFallback = open.execute(
        intake.tx,
        command(shirt({ resolution: exchange('SKU-SHIRT-L'), fallbacks: [{ kind: 'keep' }] })),
      );
      await expect(badFallback).rejects.toMatchObject({
        problems: [
          expect.objectContaining({
            field: 'lines[0].fallbacks[0].kind',
            message: 'keeping the item cannot be a next choice',
          }),
        ],
      });
      expect(intake.returns.rows.size).toBe(0);
    });

    it('refuses a line whose choices name the same replacement twice, so a reservation fact answers one choice', async () => {
      const { intake, open } = await shop();
      const twice = open.execute(
        intake.tx,
        command(
          shirt({
            reasonCode: 'wrong_size',
            resolution: exchange('SKU-SHIRT-L'),
            fallbacks: [exchange('SKU-SHIRT-S'), exchange('SKU-SHIRT-L')],
          }),
        ),
      );
      await expect(twice).rejects.toMatchObject({
        code: 'resolution-not-offered',
        problems: [
          expect.objectContaining({
            field: 'lines[0].fallbacks[1].replacementSku',
            message: "SKU-SHIRT-L is already one of this line's choices",
          }),
        ],
      });
      expect(intake.returns.rows.size).toBe(0);
    });

    it('withholds no restocking fee from an exchanged line, yet carries it for the refund the line may become', async () => {
      const { intake, open } = await shop();
      await open.execute(
        intake.tx,
        command(shirt({ reasonCode: 'changed_mind', resolution: exchange('SKU-SHIRT-S') })),
      );
      const approved = approval(intake);
      expect(approved.fees.restockingFeeMinor).toBe(0);
      // changed_mind: 10% of the 29.99 paid.
      expect(approved.lines[0].restockingFeeMinor).toBe(300);
    });

    it('refunds a line whose resolution is sent as null, as one without a choice', async () => {
      const { intake, open } = await shop();
      await open.execute(intake.tx, command(shirt({ reasonCode: 'wrong_size', resolution: null as never })));
      const approved = approval(intake);
      expect(approved.lines[0].resolution).toBeUndefined();
      expect(approved.expectedRefundMinor).toBeGreaterThan(0);
    });

    it('refuses next choices for a line that is not exchanged', async () => {
      const { intake, open } = await shop();
      const refusal = open.execute(
        intake.tx,
        command(shirt({ resolution: { kind: 'refund' }, fallbacks: [exchange('SKU-SHIRT-L')] })),
      );
      await expect(refusal).rejects.toMatchObject({
        problems: [expect.objectContaining({ field: 'lines[0].fallbacks' })],
      });
    });
  });
});
