/** Changing a registered partner's terms (checked across fields, partner.ts), by whom. */
import type { Actor } from '@rebound/contracts';
import { partnerWithTerms, type Partner, type PartnerTerms } from '../../partner';

export class ChangePartnerCommand {
  private constructor(
    readonly partner: Partner,
    readonly updatedBy: Actor,
  ) {}

  static of(partnerId: string, terms: PartnerTerms, updatedBy: Actor): ChangePartnerCommand {
    return new ChangePartnerCommand(partnerWithTerms(partnerId, terms), updatedBy);
  }
}
