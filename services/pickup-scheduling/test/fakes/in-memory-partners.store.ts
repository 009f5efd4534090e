/** The partners port in memory, for use-case unit tests: partners by id, each with its sealed secrets. */
import type { Actor } from '@rebound/contracts';
import type { Partner, PartnerChanges, RegisteredPartner } from '../../src/domain/partner';
import type { PartnerCredentials, PartnersStore, SecretRotation } from '../../src/domain/ports';

interface StoredPartner {
  partner: RegisteredPartner;
  credentials: PartnerCredentials;
}

export class InMemoryPartnersStore implements PartnersStore {
  readonly rows = new Map<string, StoredPartner>();

  async rankedPartners(currency?: string): Promise<Partner[]> {
    return [...this.rows.values()]
      .map((row) => row.partner)
      .filter((partner) => partner.active)
      .sort(
        (a, b) =>
          Number(b.currency === currency) - Number(a.currency === currency) ||
          a.costPerPickupMinor - b.costPerPickupMinor ||
          a.slaHours - b.slaHours ||
          a.partnerId.localeCompare(b.partnerId),
      );
  }

  async allPartners(): Promise<Partner[]> {
    return [...this.rows.values()].map((row) => row.partner).sort((a, b) => a.partnerId.localeCompare(b.partnerId));
  }

  /** One test runs one use case at a time: nothing to wait for. */
  async lockPartner(partnerId: string): Promise<boolean> {
    return this.rows.has(partnerId);
  }

  async findPartner(partnerId: string): Promise<RegisteredPartner | undefined> {
    return this.rows.get(partnerId)?.partner;
  }

  async listPartners(limit: number, after?: string): Promise<RegisteredPartner[]> {
    const partners = (await this.allPartners()) as RegisteredPartner[];
    return partners.filter((partner) => after === undefined || partner.partnerId > after).slice(0, limit);
  }

  async insertPartner(partner: Partner, sealedSecret: string, now: Date, createdBy: Actor | null): Promise<boolean> {
    if (this.rows.has(partner.partnerId)) return false;
    this.rows.set(partner.partnerId, {
      partner: { ...partner, createdAt: now, createdBy, updatedAt: now, updatedBy: createdBy },
      credentials: {
        oauthClientId: partner.oauthClientId,
        sealedSecret,
        previousSealedSecret: null,
        previousExpiresAt: null,
      },
    });
    return true;
  }

  async updatePartner(partner: Partner, now: Date, updatedBy: Actor): Promise<PartnerChanges | undefined> {
    const row = this.rows.get(partner.partnerId);
    if (!row) return undefined;
    row.partner = { ...row.partner, ...partner, updatedAt: now, updatedBy };
    row.credentials = { ...row.credentials, oauthClientId: partner.oauthClientId };
    const { createdAt, createdBy } = row.partner;
    return { createdAt, createdBy, updatedAt: now, updatedBy };
  }

  async partnerCredentials(partnerId: string): Promise<PartnerCredentials | undefined> {
    return this.rows.get(partnerId)?.credentials;
  }

  async rotateWebhookSecret(partnerId: string, sealedSecret: string, rotation: SecretRotation): Promise<boolean> {
    const row = this.rows.get(partnerId);
    if (!row) return false;
    row.credentials = {
      oauthClientId: row.credentials.oauthClientId,
      sealedSecret,
      previousSealedSecret: rotation.previousValidUntil ? row.credentials.sealedSecret : null,
      previousExpiresAt: rotation.previousValidUntil,
    };
    row.partner = { ...row.partner, updatedAt: rotation.rotatedAt, updatedBy: rotation.rotatedBy };
    return true;
  }
}
