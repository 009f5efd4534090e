/**
 * The operations behind the REST API: partner administration (webhook secrets generated here, shown
 * once, kept sealed), reading pickups, and tracking events that partners post to their webhook.
 * Errors leave as problem details.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '@rebound/kernel';
import { PARTNER_ID_PATTERN, PartnerTopics, type Actor } from '@rebound/contracts';
import { ProblemException, isUuid, requireUuid } from '@rebound/http';
import type { RegisteredPartner } from '../domain/partner';
import type { Pickup } from '../domain/pickup';
import type { Clock, TransactionRunner } from '../domain/ports';
import { announceCoverage } from '../domain/use-cases/announce-coverage/announce-coverage';
import { RecordTracking, type TrackingResult } from '../domain/use-cases/record-tracking/record-tracking';
import type { PickupsConfig } from '../config/pickups-config';
import { PartnerKafkaProvisioner } from '../messaging/partner-kafka';
import { PgPickupsStore, type TrackingHistoryEntry } from '../persistence/pg-pickups.store';
import type { SecretCipher } from '../persistence/secret-cipher';
import { CLOCK, PICKUPS_CONFIG, SECRET_CIPHER, TRANSACTIONS } from '../providers';
import {
  DEFAULT_PREVIOUS_VALID_SECONDS,
  type CreatePartnerRequest,
  type PartnerTermsRequest,
  type RotateWebhookSecretRequest,
} from './dto/partner.request';
import type {
  ActorResponse,
  CreatedPartnerResponse,
  PartnerResponse,
  RejectedEventResponse,
  RotatedWebhookSecretResponse,
  SlotUsageResponse,
} from './dto/partner.response';
import { MAX_SLOT_RANGE_DAYS, type ListPickupsQuery, type SlotUsageQuery } from './dto/list-pickups.query';
import type { PickupResponse, PickupSummaryResponse, TrackingAcceptedResponse } from './dto/pickup.response';
import type { TrackingEventRequest } from './dto/tracking-event.request';
import { partnerFrom } from './partner-terms';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a webhook call may authenticate with: the secrets that verify now (newest first), the partner's OAuth client. */
export interface WebhookCredentials {
  readonly secrets: readonly string[];
  readonly oauthClientId: string | null;
}

/** 32 random bytes: as strong as the HMAC-SHA256 key it is. */
function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

function partnerNotFound(partnerId: string): ProblemException {
  return new ProblemException({
    status: 404,
    slug: 'partner-not-found',
    title: 'No such partner',
    detail: `partner ${partnerId} is not registered`,
  });
}

@Injectable()
export class PickupsApiService {
  private readonly recordTracking: RecordTracking;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(SECRET_CIPHER) private readonly cipher: SecretCipher,
    private readonly kafka: PartnerKafkaProvisioner,
  ) {
    this.recordTracking = new RecordTracking(clock, config);
  }

  /**
   * `createdBy`: the caller, null for the seed file; `seededSecret`: the secret the seed file gives a
   * local demo partner; the API's callers get a generated one.
   */
  async createPartner(
    request: CreatePartnerRequest,
    createdBy: Actor | null,
    seededSecret?: string,
  ): Promise<CreatedPartnerResponse> {
    const partner = partnerFrom(request.partnerId, request);
    const webhookSecret = seededSecret ?? newWebhookSecret();
    // Topics and Kafka access first: a partner that is registered can always be booked and heard from.
    const kafka = await this.kafka.provision(partner.partnerId);
    const sealed = this.cipher.seal(partner.partnerId, webhookSecret);
    const createdAt = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      if (!(await tx.store.insertPartner(partner, sealed, now, createdBy))) return undefined;
      await announceCoverage(tx.events, partner, this.config, now);
      return now;
    });
    if (!createdAt) {
      throw new ProblemException({
        status: 409,
        slug: 'partner-exists',
        title: 'Partner already registered',
        detail: `partner ${partner.partnerId} is already registered; change it with PUT /v1/partners/${partner.partnerId}`,
      });
    }
    const changes = { createdAt, createdBy, updatedAt: createdAt, updatedBy: createdBy };
    return { ...presentPartner({ ...partner, ...changes }), webhookSecret, kafka: kafka ?? null };
  }

  async updatePartner(partnerId: string, terms: PartnerTermsRequest, updatedBy: Actor): Promise<PartnerResponse> {
    await this.partner(partnerId);
    const partner = partnerFrom(partnerId, terms);
    const changes = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const changed = await tx.store.updatePartner(partner, now, updatedBy);
      if (!changed) throw partnerNotFound(partnerId);
      await announceCoverage(tx.events, partner, this.config, now);
      return changed;
    });
    return presentPartner({ ...partner, ...changes });
  }

  async getPartner(partnerId: string): Promise<PartnerResponse> {
    return presentPartner(await this.partner(partnerId));
  }

  /**
   * A new webhook secret, answered once; the one it replaces keeps verifying for
   * `previousValidForSeconds` (a day unless given) so the partner can switch without losing calls.
   */
  async rotateWebhookSecret(
    partnerId: string,
    request: RotateWebhookSecretRequest,
    rotatedBy: Actor,
  ): Promise<RotatedWebhookSecretResponse> {
    if (!PARTNER_ID_PATTERN.test(partnerId)) throw partnerNotFound(partnerId);
    const webhookSecret = newWebhookSecret();
    const rotatedAt = this.clock.now();
    const overlapSeconds = request.previousValidForSeconds ?? DEFAULT_PREVIOUS_VALID_SECONDS;
    const previousValidUntil = overlapSeconds > 0 ? new Date(rotatedAt.getTime() + overlapSeconds * 1000) : null;
    const rotated = await this.store().rotateWebhookSecret(partnerId, this.cipher.seal(partnerId, webhookSecret), {
      rotatedAt,
      rotatedBy,
      previousValidUntil,
    });
    if (!rotated) throw partnerNotFound(partnerId);
    return {
      partnerId,
      webhookSecret,
      rotatedAt: rotatedAt.toISOString(),
      rotatedBy: presentActor(rotatedBy),
      previousValidUntil: previousValidUntil?.toISOString() ?? null,
    };
  }

  /** Undefined when there is no such partner; the previous secret only until it expires. */
  async webhookCredentials(partnerId: string): Promise<WebhookCredentials | undefined> {
    if (!PARTNER_ID_PATTERN.test(partnerId)) return undefined;
    const stored = await this.store().partnerCredentials(partnerId);
    if (!stored) return undefined;
    const previous =
      stored.previousExpiresAt !== null && stored.previousExpiresAt > this.clock.now()
        ? stored.previousSealedSecret
        : null;
    return {
      oauthClientId: stored.oauthClientId,
      secrets: [stored.sealedSecret, ...(previous === null ? [] : [previous])].map((sealed) =>
        this.cipher.open(partnerId, sealed),
      ),
    };
  }

  async partner(partnerId: string): Promise<RegisteredPartner> {
    const partner = await this.findPartner(partnerId);
    if (!partner) throw partnerNotFound(partnerId);
    return partner;
  }

  /** Undefined for a text that cannot be a partner id (control characters, say) without asking the database. */
  async findPartner(partnerId: string): Promise<RegisteredPartner | undefined> {
    if (!PARTNER_ID_PATTERN.test(partnerId)) return undefined;
    return this.store().findPartner(partnerId);
  }

  async listPartners(limit: number, cursor?: string): Promise<Page<PartnerResponse>> {
    const after = cursor === undefined ? undefined : String(decodeCursor(cursor, ['partnerId']).partnerId);
    const rows = await this.store().listPartners(limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(presentPartner),
      nextCursor: rows.length > limit && last ? encodeCursor({ partnerId: last.partnerId }) : null,
    };
  }

  async slotUsage(partnerId: string, query: SlotUsageQuery): Promise<SlotUsageResponse[]> {
    await this.partner(partnerId);
    const from = query.from ? new Date(query.from) : this.clock.now();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 14 * DAY_MS);
    const bad = [
      ...(Number.isNaN(from.getTime()) ? [{ field: 'from', message: 'must be a date-time' }] : []),
      ...(Number.isNaN(to.getTime()) ? [{ field: 'to', message: 'must be a date-time' }] : []),
    ];
    if (bad.length > 0 || to <= from) {
      throw new ProblemException({
        status: 400,
        slug: 'validation',
        title: 'Request is invalid',
        detail: 'from and to must be date-times with from before to',
        errors: bad.length > 0 ? bad : [{ field: 'to', message: 'must be after from' }],
      });
    }
    if (to.getTime() - from.getTime() > MAX_SLOT_RANGE_DAYS * DAY_MS) {
      throw new ProblemException({
        status: 400,
        slug: 'validation',
        title: 'Request is invalid',
        detail: `from and to may be at most ${MAX_SLOT_RANGE_DAYS} days apart; ask for a longer span page by page`,
        errors: [{ field: 'to', message: `must be at most ${MAX_SLOT_RANGE_DAYS} days after from` }],
      });
    }
    return (await this.store().slotUsage(partnerId, from, to)).map((slot) => ({
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
    const rows = await this.store().rejectedEvents(partnerId, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((row) => ({
        rejectionId: row.rejectionId,
        eventId: row.eventId,
        pickupId: row.pickupId,
        channel: row.channel,
        reason: row.reason,
        detail: row.detail,
        payload: row.payload,
        receivedAt: row.receivedAt.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ rejectionId: last.rejectionId }) : null,
    };
  }

  async getPickup(pickupId: string): Promise<PickupResponse> {
    requireUuid(pickupId, 'pickupId', 'pickup id');
    const store = this.store();
    const pickup = await store.findPickup(pickupId);
    if (!pickup) {
      throw new ProblemException({
        status: 404,
        slug: 'pickup-not-found',
        title: 'No such pickup',
        detail: `pickup ${pickupId} does not exist`,
      });
    }
    return presentPickup(pickup, await store.trackingHistory(pickupId));
  }

  async listPickups(query: ListPickupsQuery): Promise<Page<PickupSummaryResponse>> {
    let after: { createdAt: Date; pickupId: string } | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['createdAt', 'pickupId']);
      after = { createdAt: new Date(String(position.createdAt)), pickupId: String(position.pickupId) };
      if (Number.isNaN(after.createdAt.getTime()) || !isUuid(after.pickupId)) throw invalidCursor();
    }
    const rows = await this.store().listPickups(query, query.limit + 1, after);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(presentSummary),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ createdAt: last.createdAt.toISOString(), pickupId: last.pickupId })
          : null,
    };
  }

  /** A tracking event the partner sent (the guard authenticated it): applied, or refused as not the partner's. */
  async recordWebhook(partnerId: string, request: TrackingEventRequest): Promise<TrackingAcceptedResponse> {
    const { eventId, ...event } = request;
    const result = await this.transactions.run((tx) =>
      this.recordTracking.execute(tx, { partnerId, eventId, channel: 'webhook', event }),
    );
    return accepted(result);
  }

  private store(): PgPickupsStore {
    return new PgPickupsStore(this.dataSource.manager);
  }
}

function accepted(result: TrackingResult): TrackingAcceptedResponse {
  switch (result.outcome) {
    case 'rejected':
      // Recorded before this is thrown: the refusal itself is committed for ops to see.
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

function presentPartner(partner: RegisteredPartner): PartnerResponse {
  return {
    ...partner,
    createdAt: partner.createdAt.toISOString(),
    createdBy: partner.createdBy && presentActor(partner.createdBy),
    updatedAt: partner.updatedAt.toISOString(),
    updatedBy: partner.updatedBy && presentActor(partner.updatedBy),
    serviceAreas: partner.serviceAreas.map((area) => ({ ...area, postalPrefixes: [...area.postalPrefixes] })),
    capabilities: [...partner.capabilities],
    slotWindows: partner.slotWindows.map((window) => ({ ...window })),
    trackingTopic: PartnerTopics.tracking.nameFor(partner.partnerId),
    bookingsTopic: PartnerTopics.bookings.nameFor(partner.partnerId),
  };
}

function presentActor(actor: Actor): ActorResponse {
  return { subject: actor.subject, clientId: actor.clientId };
}

function span(value: { from: Date; to: Date } | null) {
  return value && { from: value.from.toISOString(), to: value.to.toISOString() };
}

function presentSummary(pickup: Pickup): PickupSummaryResponse {
  return {
    pickupId: pickup.pickupId,
    returnId: pickup.returnId,
    partnerId: pickup.partnerId,
    method: pickup.method,
    state: pickup.state,
    attempt: pickup.attempt,
    maxAttempts: pickup.maxAttempts,
    slot: span(pickup.slot),
    trackingNumber: pickup.trackingNumber,
    dropOffCode: pickup.dropOffCode,
    deadline: pickup.deadline?.toISOString() ?? null,
    abandonReason: pickup.abandonReason,
    createdAt: pickup.createdAt.toISOString(),
    updatedAt: pickup.updatedAt.toISOString(),
  };
}

function presentPickup(pickup: Pickup, tracking: TrackingHistoryEntry[]): PickupResponse {
  return {
    ...presentSummary(pickup),
    window: span(pickup.window),
    destinationWarehouseId: pickup.destinationWarehouseId,
    lines: pickup.lines.map((line) => ({ ...line })),
    choice: pickup.choice as PickupResponse['choice'],
    tracking: tracking.map((entry) => ({
      ...entry,
      occurredAt: entry.occurredAt.toISOString(),
      receivedAt: entry.receivedAt.toISOString(),
    })),
  };
}
