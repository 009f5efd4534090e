/**
 * Registers a partner once, with a webhook secret that is answered here and nowhere else afterwards:
 * it is stored only sealed. Its coverage is announced in the same transaction, so returns-intake
 * learns of it exactly when it can be booked. A partner id taken already is refused, never
 * overwritten: its terms change through ChangePartner.
 */
import { DomainError, type UseCase } from '@rebound/kernel';
import { announceCoverage } from '../../announcements';
import { newWebhookSecret } from '../../identifiers';
import type { RegisteredPartner } from '../../partner';
import type { Clock, PickupsTransaction, SchedulingSettings, SecretSealer } from '../../ports';
import type { RegisterPartnerCommand } from './register-partner.command';

export interface RegisteredWithSecret {
  readonly partner: RegisteredPartner;
  readonly webhookSecret: string;
}

export class RegisterPartner implements UseCase<PickupsTransaction, RegisterPartnerCommand, RegisteredWithSecret> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: SchedulingSettings,
    private readonly sealer: SecretSealer,
  ) {}

  async execute(
    tx: PickupsTransaction,
    { partner, createdBy, seededSecret }: RegisterPartnerCommand,
  ): Promise<RegisteredWithSecret> {
    const webhookSecret = seededSecret ?? newWebhookSecret();
    const now = this.clock.now();
    const sealed = this.sealer.seal(partner.partnerId, webhookSecret);
    if (!(await tx.partners.insertPartner(partner, sealed, now, createdBy))) {
      throw new DomainError(
        'conflict',
        'partner-exists',
        `partner ${partner.partnerId} is already registered; change it with PUT /v1/partners/${partner.partnerId}`,
        { title: 'Partner already registered' },
      );
    }
    await announceCoverage(tx.events, partner, this.settings, now);
    return {
      partner: { ...partner, createdAt: now, createdBy, updatedAt: now, updatedBy: createdBy },
      webhookSecret,
    };
  }
}
