/**
 * Registering a partner: its terms, checked across fields (partner.ts), and who registers it — null
 * for the seed file, which alone may also give the webhook secret its local simulators sign with.
 */
import type { Actor } from '@rebound/contracts';
import { partnerWithTerms, type Partner, type PartnerTerms } from '../../partner';

export class RegisterPartnerCommand {
  private constructor(
    readonly partner: Partner,
    readonly createdBy: Actor | null,
    readonly seededSecret: string | undefined,
  ) {}

  static of(
    partnerId: string,
    terms: PartnerTerms,
    createdBy: Actor | null,
    seededSecret?: string,
  ): RegisterPartnerCommand {
    return new RegisterPartnerCommand(partnerWithTerms(partnerId, terms), createdBy, seededSecret);
  }
}
