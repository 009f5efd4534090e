/**
 * A new policy from the API. The document is parsed here, so a command holds only a policy the
 * domain accepts: every violation comes back at once as `invalid-policy`, under `policy.<field>`.
 */
import type { Actor } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { InvalidPolicyError, ReturnPolicyDocument, parsePolicyDocument } from '../../policy/policy-document';

export class ReplacePolicyCommand {
  readonly document: ReturnPolicyDocument;

  constructor(
    policy: unknown,
    readonly changedBy: Actor,
    readonly note: string | null,
  ) {
    this.document = parsed(policy);
  }
}

function parsed(policy: unknown): ReturnPolicyDocument {
  try {
    return parsePolicyDocument(policy);
  } catch (error) {
    if (!(error instanceof InvalidPolicyError)) throw error;
    throw new DomainError('invalid', 'invalid-policy', `the policy has ${error.violations.length} problem(s)`, {
      problems: error.violations.map(({ field, message }) => ({
        field: field ? `policy.${field}` : 'policy',
        message,
      })),
    });
  }
}
