/** An agent's decision on a return held for review: approve or reject, always with a note saying why. */
import type { Actor } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { DecisionOutcome } from '../../return-request';

export type ReviewOutcome = Extract<DecisionOutcome, 'approved' | 'rejected'>;

export class ReviewReturnCommand {
  readonly returnId: string;
  readonly decision: ReviewOutcome;
  /** The agent deciding, from the caller's token. */
  readonly agent: Actor;
  readonly note: string;

  constructor(input: { returnId: string; decision: ReviewOutcome; agent: Actor; note: string }) {
    const problems: FieldProblem[] = [];
    if (input.returnId.length === 0) problems.push({ field: 'returnId', message: 'must name a return' });
    if (input.decision !== 'approved' && input.decision !== 'rejected') {
      problems.push({ field: 'decision', message: 'must be approved or rejected' });
    }
    if (input.note.trim().length === 0) problems.push({ field: 'note', message: 'must say why' });
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.returnId = input.returnId;
    this.decision = input.decision;
    this.agent = input.agent;
    this.note = input.note;
  }
}
