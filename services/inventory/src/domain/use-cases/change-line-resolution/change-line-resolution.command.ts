/** A line of a return moved to another resolution: the line, and the replacement to hold if it is an exchange. */
import { DomainError } from '@rebound/kernel';
import type { LineResolutionChanged } from '@rebound/contracts';
import { replacementProblems, type ReplacementRequest } from '../../replacements';

export class ChangeLineResolutionCommand {
  private constructor(
    readonly returnId: string,
    readonly lineId: string,
    /** Null when the line is no longer an exchange. */
    readonly replacement: ReplacementRequest | null,
  ) {}

  static of(changed: LineResolutionChanged): ChangeLineResolutionCommand {
    const { resolution, returnId, lineId } = changed;
    if (resolution.kind !== 'exchange') return new ChangeLineResolutionCommand(returnId, lineId, null);
    const problems = replacementProblems(resolution.replacement, 'resolution.replacement');
    if (problems.length > 0 || !resolution.replacement) throw DomainError.invalid(problems);
    const { sku, quantity } = resolution.replacement;
    return new ChangeLineResolutionCommand(returnId, lineId, { returnId, lineId, sku, quantity });
  }
}
