import type { Actor } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { InMemoryIntake } from '../../../../test/fakes/in-memory-intake';
import { OpenReturn } from '../open-return/open-return';
import { OpenReturnCommand } from '../open-return/open-return.command';
import { ReviewReturn } from './review-return';
import { ReviewReturnCommand, type ReviewOutcome } from './review-return.command';

const agent: Actor = { subject: 'agent-7', clientId: 'backoffice' };

/** A return held for review: not_as_described always needs a human (demo policy). */
async function heldForReview(): Promise<{ intake: InMemoryIntake; returnId: string }> {
  const intake = await (await new InMemoryIntake().withDemoPolicy()).withPartnerInGermany();
  await intake.withOrder();
  const { returnId } = await new OpenReturn(intake.clock).execute(
    intake.tx,
    new OpenReturnCommand({
      orderId: 'order-1',
      lines: [
        {
          lineId: 'shirt',
          quantity: 1,
          reasonCode: 'not_as_described',
          comment: 'wrong colour',
          photoUrls: ['https://img/1.jpg'],
        },
      ],
      method: 'mail_back',
      requestHash: 'hash',
      openedBy: { subject: 'customer-1', clientId: 'storefront' },
    }),
  );
  return { intake, returnId };
}

function review(returnId: string, decision: ReviewOutcome): ReviewReturnCommand {
  return new ReviewReturnCommand({ returnId, decision, agent, note: 'photos confirm it' });
}

describe('ReviewReturn', () => {
  it('approves a held return under the policy version that assessed it, with the agent and note on record', async () => {
    const { intake, returnId } = await heldForReview();
    expect((await intake.returns.find(returnId))?.status).toBe('pending_review');
    await new ReviewReturn(intake.clock).execute(intake.tx, review(returnId, 'approved'));
    expect((await intake.returns.find(returnId))?.status).toBe('approved');
    expect((await intake.returns.decisions(returnId)).map((d) => [d.outcome, d.decidedBy, d.note])).toEqual([
      ['pending_review', 'policy', null],
      ['approved', 'agent-7', 'photos confirm it'],
    ]);
    expect(intake.events.types).toEqual(['ReturnRequested', 'ReturnApproved']);
  });

  it('rejects a held return and announces the rejection', async () => {
    const { intake, returnId } = await heldForReview();
    await new ReviewReturn(intake.clock).execute(intake.tx, review(returnId, 'rejected'));
    expect((await intake.returns.find(returnId))?.status).toBe('rejected');
    expect(intake.events.types).toEqual(['ReturnRequested', 'ReturnRejected']);
  });

  it('refuses to approve when no partner can collect it any more', async () => {
    const { intake, returnId } = await heldForReview();
    await intake.withPartnerInGermany({ capabilities: ['carrier_pickup'] });
    await expect(new ReviewReturn(intake.clock).execute(intake.tx, review(returnId, 'approved'))).rejects.toMatchObject(
      { code: 'method-not-served' },
    );
    expect((await intake.returns.find(returnId))?.status).toBe('pending_review');
  });

  it('refuses a return that is not pending review, and one that does not exist', async () => {
    const { intake, returnId } = await heldForReview();
    const useCase = new ReviewReturn(intake.clock);
    await useCase.execute(intake.tx, review(returnId, 'rejected'));
    await expect(useCase.execute(intake.tx, review(returnId, 'approved'))).rejects.toMatchObject({
      code: 'not-pending-review',
    });
    await expect(useCase.execute(intake.tx, review('nope', 'approved'))).rejects.toMatchObject({
      code: 'return-not-found',
    });
  });

  it('cannot be commanded without a note', () => {
    expect(() => new ReviewReturnCommand({ returnId: 'r', decision: 'approved', agent, note: ' ' })).toThrow(
      DomainError,
    );
  });
});
