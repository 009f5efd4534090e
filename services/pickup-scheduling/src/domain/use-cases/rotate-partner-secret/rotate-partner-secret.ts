/**
 * Gives a partner a new webhook secret, answered once and stored only sealed. The secret it replaces
 * keeps verifying for the overlap the command asks for, so the partner can switch without losing
 * calls; one replaced before that stops at once, so at most two secrets ever verify.
 */
import type { Actor } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { newWebhookSecret } from '../../identifiers';
import { isPartnerId, partnerNotFound } from '../../partner';
import type { Clock, PickupsTransaction, SecretSealer } from '../../ports';
import type { RotatePartnerSecretCommand } from './rotate-partner-secret.command';

export interface RotatedSecret {
  readonly partnerId: string;
  readonly webhookSecret: string;
  readonly rotatedAt: Date;
  readonly rotatedBy: Actor;
  /** Null when the previous secret stopped verifying at once. */
  readonly previousValidUntil: Date | null;
}

export class RotatePartnerSecret implements UseCase<PickupsTransaction, RotatePartnerSecretCommand, RotatedSecret> {
  constructor(
    private readonly clock: Clock,
    private readonly sealer: SecretSealer,
  ) {}

  async execute(tx: PickupsTransaction, command: RotatePartnerSecretCommand): Promise<RotatedSecret> {
    const { partnerId, rotatedBy, previousValidForSeconds } = command;
    if (!isPartnerId(partnerId)) throw partnerNotFound(partnerId);
    const webhookSecret = newWebhookSecret();
    const rotatedAt = this.clock.now();
    const previousValidUntil =
      previousValidForSeconds > 0 ? new Date(rotatedAt.getTime() + previousValidForSeconds * 1000) : null;
    const rotated = await tx.partners.rotateWebhookSecret(partnerId, this.sealer.seal(partnerId, webhookSecret), {
      rotatedAt,
      rotatedBy,
      previousValidUntil,
    });
    if (!rotated) throw partnerNotFound(partnerId);
    return { partnerId, webhookSecret, rotatedAt, rotatedBy, previousValidUntil };
  }
}
