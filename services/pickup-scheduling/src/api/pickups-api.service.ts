/**
 * The operations behind the REST API, as the edge sees them: requests become commands that use cases
 * run in a transaction, reads go through the read port, and results become responses. Webhook
 * secrets are shown once, in the answer of the use case that made them.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, decodeCursor, fetchPage, invalidCursor, type Page } from '@rebound/kernel';
import type { Actor } from '@rebound/contracts';
import { ProblemException, isUuid, requireUuid } from '@rebound/http';
import { CLOCK, TRANSACTIONS } from '@rebound/service';
import { isPartnerId, partnerNotFound, verifyingSecrets, type RegisteredPartner } from '../domain/partner';
import type { Clock, PickupPosition, PickupsReads, SecretSealer, TransactionRunner } from '../domain/ports';
import { ChangePartner } from '../domain/use-cases/change-partner/change-partner';
import { ChangePartnerCommand } from '../domain/use-cases/change-partner/change-partner.command';
import { RecordTracking, type TrackingResult } from '../domain/use-cases/record-tracking/record-tracking';
import { RecordTrackingCommand } from '../domain/use-cases/record-tracking/record-tracking.command';
import { ReportSlotUsage } from '../domain/use-cases/report-slot-usage/report-slot-usage';
import { ReportSlotUsageCommand } from '../domain/use-cases/report-slot-usage/report-slot-usage.command';
import { RegisterPartner } from '../domain/use-cases/register-partner/register-partner';
import { RegisterPartnerCommand } from '../domain/use-cases/register-partner/register-partner.command';
import { RotatePartnerSecret } from '../domain/use-cases/rotate-partner-secret/rotate-partner-secret';
import { RotatePartnerSecretCommand } from '../domain/use-cases/rotate-partner-secret/rotate-partner-secret.command';
import { PartnerKafkaProvisioner } from '../messaging/partner-kafka';
import { READS, SECRET_CIPHER } from '../providers';
import type { CreatePartnerRequest, PartnerTermsRequest, RotateWebhookSecretRequest } from './dto/partner.request';
import type {
  CreatedPartnerResponse,
  PartnerResponse,
  RejectedEventResponse,
  RotatedWebhookSecretResponse,
  SlotUsageResponse,
} from './dto/partner.response';
import type { ListPickupsQuery, SlotUsageQuery } from './dto/list-pickups.query';
import type { PickupResponse, PickupSummaryResponse, TrackingAcceptedResponse } from './dto/pickup.response';
import type { TrackingEventRequest } from './dto/tracking-event.request';
import { presentActor, presentPartner, presentPickup, presentRejected, presentSummary } from './pickups.presenter';

/** What a webhook call may authenticate with: the secrets that verify now (newest first), the partner's OAuth client. */
export interface WebhookCredentials {
  readonly secrets: readonly string[];
  readonly oauthClientId: string | null;
}

@Injectable()
export class PickupsApiService {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(READS) private readonly reads: PickupsReads,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_CIPHER) private readonly sealer: SecretSealer,
    private readonly kafka: PartnerKafkaProvisioner,
    private readonly registerPartner: RegisterPartner,
    private readonly changePartner: ChangePartner,
    private readonly rotatePartnerSecret: RotatePartnerSecret,
    private readonly recordTracking: RecordTracking,
    private readonly reportSlotUsage: ReportSlotUsage,
  ) {}

  /**
   * `createdBy`: the caller, null for the seed file; `seededSecret`: the secret the seed file gives a
   * local demo partner; the API's callers get a generated one.
   */
  async createPartner(
    request: CreatePartnerRequest,
    createdBy: Actor | null,
    seededSecret?: string,
  ): Promise<CreatedPartnerResponse> {
    const command = RegisterPartnerCommand.of(request.partnerId, request, createdBy, seededSecret);
    // Topics and Kafka access first: a partner that is registered can always be booked and heard from.
    const kafka = await this.kafka.provision(command.partner.partnerId);
    const { partner, webhookSecret } = await this.transactions.run((tx) => this.registerPartner.execute(tx, command));
    return { ...presentPartner(partner), webhookSecret, kafka: kafka ?? null };
  }

  async updatePartner(partnerId: string, terms: PartnerTermsRequest, updatedBy: Actor): Promise<PartnerResponse> {
    await this.partner(partnerId);
    const command = ChangePartnerCommand.of(partnerId, terms, updatedBy);
    return presentPartner(await this.transactions.run((tx) => this.changePartner.execute(tx, command)));
  }

  async getPartner(partnerId: string): Promise<PartnerResponse> {
    return presentPartner(await this.partner(partnerId));
  }

  async rotateWebhookSecret(
    partnerId: string,
    request: RotateWebhookSecretRequest,
    rotatedBy: Actor,
  ): Promise<RotatedWebhookSecretResponse> {
    const command = RotatePartnerSecretCommand.of(partnerId, request.previousValidForSeconds, rotatedBy);
    const rotated = await this.transactions.run((tx) => this.rotatePartnerSecret.execute(tx, command));
    return {
      partnerId: rotated.partnerId,
      webhookSecret: rotated.webhookSecret,
      rotatedAt: rotated.rotatedAt.toISOString(),
      rotatedBy: presentActor(rotated.rotatedBy),
      previousValidUntil: rotated.previousValidUntil?.toISOString() ?? null,
    };
  }

  /** Undefined when there is no such partner. */
  async webhookCredentials(partnerId: string): Promise<WebhookCredentials | undefined> {
    if (!isPartnerId(partnerId)) return undefined;
    const stored = await this.reads.partners.partnerCredentials(partnerId);
    if (!stored) return undefined;
    return {
      oauthClientId: stored.oauthClientId,
      secrets: verifyingSecrets(stored, this.clock.now()).map((sealed) => this.sealer.open(partnerId, sealed)),
    };
  }

  async listPartners(limit: number, cursor?: string): Promise<Page<PartnerResponse>> {
    const after = cursor === undefined ? undefined : String(decodeCursor(cursor, ['partnerId']).partnerId);
    return fetchPage(
      limit,
      (rows) => this.reads.partners.listPartners(rows, after),
      (partner) => ({ partnerId: partner.partnerId }),
      presentPartner,
    );
  }

  async slotUsage(partnerId: string, query: SlotUsageQuery): Promise<SlotUsageResponse[]> {
    await this.partner(partnerId);
    const command = ReportSlotUsageCommand.of(partnerId, query, this.clock.now());
    const usage = await this.transactions.run((tx) => this.reportSlotUsage.execute(tx, command));
    return usage.map((slot) => ({
      from: slot.from.toISOString(),
      to: slot.to.toISOString(),
      capacity: slot.capacity,
      booked: slot.booked,
    }));
  }

  async rejectedEvents(partnerId: string, limit: number, cursor?: string): Promise<Page<RejectedEventResponse>> {
    await this.partner(partnerId);
    const after = cursor === undefined ? undefined : String(decodeCursor(cursor, ['rejectionId']).rejectionId);
    // At most 18 digits: always a bigint, so a forged cursor is a 400, never a database error.
    if (after !== undefined && !/^\d{1,18}$/.test(after)) throw invalidCursor();
    return fetchPage(
      limit,
      (rows) => this.reads.tracking.rejectedEvents(partnerId, rows, after),
      (row) => ({ rejectionId: row.rejectionId }),
      presentRejected,
    );
  }

  async getPickup(pickupId: string): Promise<PickupResponse> {
    requireUuid(pickupId, 'pickupId', 'pickup id');
    const pickup = await this.reads.pickups.findPickup(pickupId);
    if (!pickup) {
      throw new DomainError('not-found', 'pickup-not-found', `pickup ${pickupId} does not exist`, {
        title: 'No such pickup',
      });
    }
    return presentPickup(pickup, await this.reads.tracking.trackingHistory(pickupId));
  }

  async listPickups(query: ListPickupsQuery): Promise<Page<PickupSummaryResponse>> {
    let after: PickupPosition | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['createdAt', 'pickupId']);
      after = { createdAt: new Date(String(position.createdAt)), pickupId: String(position.pickupId) };
      if (Number.isNaN(after.createdAt.getTime()) || !isUuid(after.pickupId)) throw invalidCursor();
    }
    return fetchPage(
      query.limit,
      (rows) => this.reads.pickups.listPickups(query, rows, after),
      (pickup) => ({ createdAt: pickup.createdAt.toISOString(), pickupId: pickup.pickupId }),
      presentSummary,
    );
  }

  /** A tracking event the partner sent (the guard authenticated it): applied, or refused as not the partner's. */
  async recordWebhook(partnerId: string, request: TrackingEventRequest): Promise<TrackingAcceptedResponse> {
    const { eventId, ...event } = request;
    const command = RecordTrackingCommand.of({ partnerId, eventId, channel: 'webhook', event });
    return accepted(await this.transactions.run((tx) => this.recordTracking.execute(tx, command)));
  }

  private async partner(partnerId: string): Promise<RegisteredPartner> {
    const partner = isPartnerId(partnerId) ? await this.reads.partners.findPartner(partnerId) : undefined;
    if (!partner) throw partnerNotFound(partnerId);
    return partner;
  }
}

function accepted(result: TrackingResult): TrackingAcceptedResponse {
  switch (result.outcome) {
    case 'rejected':
      // A result, not a DomainError: the refusal is committed (for ops to see) before the webhook
      // answers it, and "not your pickup" is the webhook's own 403, which no DomainError kind means.
      throw new ProblemException({
        status: result.reason === 'foreign-pickup' ? 403 : 422,
        slug: result.reason,
        title: result.reason === 'foreign-pickup' ? 'Not your pickup' : 'Unknown pickup',
        detail: result.detail,
      });
    case 'duplicate':
      return { outcome: 'duplicate' };
    case 'ignored':
      return { outcome: 'ignored', state: result.state, note: result.why };
    case 'applied':
      return { outcome: 'applied', state: result.state };
  }
}
