/**
 * Rotating a partner's webhook secret: how long the secret it replaces keeps verifying (0: not at
 * all; a rotation cannot make it verify longer than a week), and who rotates it.
 */
import type { Actor } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';

export const DEFAULT_PREVIOUS_VALID_SECONDS = 24 * 60 * 60;
/** At most a week: a leaked secret being rotated away should not stay good for long. */
export const MAX_PREVIOUS_VALID_SECONDS = 7 * 24 * 60 * 60;

export class RotatePartnerSecretCommand {
  private constructor(
    readonly partnerId: string,
    readonly previousValidForSeconds: number,
    readonly rotatedBy: Actor,
  ) {}

  static of(
    partnerId: string,
    previousValidForSeconds: number | undefined,
    rotatedBy: Actor,
  ): RotatePartnerSecretCommand {
    const overlap = previousValidForSeconds ?? DEFAULT_PREVIOUS_VALID_SECONDS;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_PREVIOUS_VALID_SECONDS) {
      throw DomainError.invalid([
        {
          field: 'previousValidForSeconds',
          message: `must be a whole number of seconds from 0 to ${MAX_PREVIOUS_VALID_SECONDS}`,
        },
      ]);
    }
    return new RotatePartnerSecretCommand(partnerId, overlap, rotatedBy);
  }
}
