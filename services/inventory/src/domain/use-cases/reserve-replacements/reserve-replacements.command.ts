/** The replacements an approved return's exchanged lines need held: a sku and whole units per line. */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { ReturnApproved } from '@rebound/contracts';
import { replacementProblems, type ReplacementRequest } from '../../replacements';

export class ReserveReplacementsCommand {
  private constructor(
    readonly returnId: string,
    /** One per line resolved by an exchange, in the approval's order; empty when none is. */
    readonly requests: readonly ReplacementRequest[],
  ) {}

  /** Lines resolved by refund or keep (or approved before exchanges) need nothing held. */
  static fromApproval(approved: ReturnApproved): ReserveReplacementsCommand {
    const problems: FieldProblem[] = [];
    const requests: ReplacementRequest[] = [];
    approved.lines.forEach((line, index) => {
      const { resolution } = line;
      if (resolution?.kind !== 'exchange') return;
      const field = `lines[${index}].resolution.replacement`;
      problems.push(...replacementProblems(resolution.replacement, field));
      if (resolution.replacement) {
        const { sku, quantity } = resolution.replacement;
        requests.push({ returnId: approved.returnId, lineId: line.lineId, sku, quantity });
      }
    });
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new ReserveReplacementsCommand(approved.returnId, requests);
  }
}
